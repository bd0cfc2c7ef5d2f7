package dev.dockhand.cli;

import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code dockhand status DIR --target local}: one snapshot of the running service. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the service's tasks, scaling and CPU.")
final class StatusCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--target", required = true, paramLabel = "local|aws", description = "Which deployment.")
    String target;

    @Option(names = "--json", description = "Print the snapshot as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (!target.equals("local")) {
            throw new UserError(target.equals("aws") ? "Status of AWS services comes with the monitoring window, which this "
                    + "version of Dockhand does not have yet: use `--target local`, or the ECS console." : "Unknown target \"" + target + "\".");
        }
        try {
            ServiceSnapshot snapshot = LocalCommands.steps().status(LocalCommands.name(folder));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new String(dev.dockhand.local.RehearsalDaemon.json().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(snapshot), java.nio.charset.StandardCharsets.UTF_8));
            } else {
                out.printf("%s  %s  desired %d, running %d, pending %d  %s%n", snapshot.service(), snapshot.status(),
                        snapshot.desired(), snapshot.running(), snapshot.pending(), snapshot.url());
                for (TaskInfo t : snapshot.tasks()) {
                    out.printf("  %-14s %-15s %-10s %s%s%n", t.id(), t.status(), t.health(), t.privateIp(),
                            t.stoppedReason() == null ? "" : "  " + t.stoppedReason());
                }
                snapshot.activities().stream().limit(5).forEach(a -> out.printf("  scaling %s: %s%n", a.time(), a.description()));
            }
            out.flush();
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("Cannot write the snapshot: " + e.getMessage(), 1);
        }
    }
}
