package dev.dockhand.cli;

import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** {@code dockhand status DIR --target aws|local [--json]}: one snapshot of the running service, from the same watcher as the monitoring window. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the service's tasks, scaling and CPU.")
final class StatusCommand implements java.util.concurrent.Callable<Integer> {

    /** The CPU and memory history one status shows: the last hour, as the window shows at first. */
    private static final Duration METRICS_LOOKBACK = Duration.ofHours(1);

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--target", required = true, paramLabel = "aws|local", description = "Which deployment.")
    String target;

    @Option(names = "--json", description = "Print the snapshot as JSON: {service, status, desired, running, pending, "
            + "deployments, tasks, activities, events, cpu, memory, targets, ...}.")
    boolean json;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile, before AWS_PROFILE and keys in the environment (default: AWS_PROFILE, the environment's credentials, dockhand.yaml's profile, then \"default\").")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: dockhand.yaml's, AWS_REGION or the profile's).")
    String region;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (!target.equals("local") && !target.equals("aws")) {
            throw new UserError("Unknown target \"" + target + "\": use --target aws or --target local.");
        }
        try {
            print(target.equals("local") ? LocalCommands.steps().status(LocalCommands.name(folder)) : awsSnapshot());
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("Cannot write the snapshot: " + e.getMessage(), 1);
        }
    }

    private ServiceSnapshot awsSnapshot() throws StepException {
        ProjectSettings settings = DeployCommand.loadSettings(folder);
        String stackName = DeployCommand.baseSettings(AnalyzeCommand.open(folder, settings.workspacePackage()), settings).name();
        AwsSteps steps = AwsSteps.open(profile, settings.awsOrEmpty().profile(),
                region != null ? region : settings.awsOrEmpty().region());
        try (ServiceWatch watch = ServiceWatch.awsStack(steps, stackName, METRICS_LOOKBACK)) {
            return watch.poll();
        }
    }

    private void print(ServiceSnapshot snapshot) throws com.fasterxml.jackson.core.JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new String(dev.dockhand.local.RehearsalDaemon.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(snapshot), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            out.printf("%s  %s  desired %d, running %d, pending %d  %s%n", snapshot.service(), snapshot.status(),
                    snapshot.desired(), snapshot.running(), snapshot.pending(), snapshot.url() == null ? "" : snapshot.url());
            if (snapshot.scaling() != null) {
                out.printf("  autoscaling %d to %d tasks%s%n", snapshot.scaling().min(), snapshot.scaling().max(),
                        snapshot.scaling().cpuTargetPercent() == null ? ""
                                : String.format(", CPU target %.0f %%", snapshot.scaling().cpuTargetPercent()));
            }
            snapshot.deployments().forEach(d -> out.printf("  deployment %s %s %s, %d of %d running%n", d.id(), d.status(),
                    d.rolloutState(), d.running(), d.desired()));
            for (TaskInfo t : snapshot.tasks()) {
                out.printf("  %-14s %-15s %-10s %-12s %s%s%n", t.id(), t.status(), t.health(),
                        t.availabilityZone() == null ? "" : t.availabilityZone(), t.privateIp() == null ? "" : t.privateIp(),
                        t.stopSummary() == null ? "" : "  " + t.stopSummary());
                if (t.cause() != null && t.cause().failure()) {
                    t.cause().evidence().forEach(line -> out.println("      " + line));
                }
            }
            if (!snapshot.cpu().isEmpty()) {
                var last = snapshot.cpu().get(snapshot.cpu().size() - 1);
                out.printf("  CPU %.1f %% average, %.1f %% maximum (%s)%n", last.average(), last.maximum(), last.time());
            }
            snapshot.activities().stream().limit(5).forEach(a -> out.printf("  scaling %s: %s%n", a.time(), a.description()));
            if (!snapshot.variables().isEmpty()) {
                out.println("  variables: " + String.join(", ", snapshot.variables().stream()
                        .map(v -> v.name() + (v.secret() ? " (secret)" : "")).toList()));
            }
            snapshot.notices().forEach(n -> out.println("  note: " + n));
        }
        out.flush();
    }
}
