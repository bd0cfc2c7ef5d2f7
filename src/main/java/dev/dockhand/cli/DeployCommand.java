package dev.dockhand.cli;

import dev.dockhand.aws.AwsSession;
import dev.dockhand.aws.DeployListener;
import dev.dockhand.aws.DeployOutcome;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.aws.StackTemplate;
import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ConfigValues;
import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.Deployments;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.pipeline.StepListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * {@code dockhand deploy DIR --target aws}: builds, tests and pushes the image (unless --image is given),
 * writes the template into the project, shows the change set, and deploys after the user's yes.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy DIR's service: to AWS (ECS Fargate behind a load balancer).")
final class DeployCommand implements java.util.concurrent.Callable<Integer> {

    /** Exit code when the service was not stable within --wait-timeout (the stack is left as it is). */
    static final int WAIT_TIMED_OUT = 3;

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--target", required = true, paramLabel = "aws|local", description = "Where to deploy.")
    String target;

    @Option(names = "--image", paramLabel = "URI", description = "Deploy this ECR image URI; without it, build, test and push first.")
    String image;

    @Option(names = "--yes", description = "Execute the change set without asking.")
    boolean yes;

    @Option(names = "--json", description = "Print {stackName, stackStatus, serviceStable, serviceArn, url, failedResource, reason} last.")
    boolean json;

    @Option(names = "--adopt", paramLabel = "STACK", description = "Confirm that STACK, made by an earlier version of Dockhand "
            + "without its mark, is this service's, so that this deploy marks and updates it (--yes does not).")
    String adopt;

    @Option(names = "--restore-secret", description = "Restore the service's secret from Secrets Manager's recovery window "
            + "(after a destroy that deleted it), then update it.")
    boolean restoreSecret;

    @Option(names = "--fail-fast", description = "Roll back as soon as as many new tasks failed as ECS's circuit breaker "
            + "allows (3 for a small service): an update is cancelled and the old tasks keep serving; a new stack is deleted. "
            + "Without it, each failure is shown and the rollback is left to the circuit breaker.")
    boolean failFast;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long to wait for a stable service (default: ${DEFAULT-VALUE}); exit 3 when it runs out.")
    long waitTimeoutSeconds;

    @CommandLine.Mixin
    AwsOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (!target.equals("aws") && !target.equals("local")) {
            throw new UserError("Unknown target \"" + target + "\": use --target aws or --target local.");
        }
        if (waitTimeoutSeconds <= 0) {
            throw new UserError("--wait-timeout must be a positive number of seconds.");
        }
        if (target.equals("local")) {
            return deployLocal();
        }
        if (image != null) {
            checkImageUri(image);
        }
        PrintWriter out = spec.commandLine().getOut();
        ProjectSettings saved = loadSettings(folder);
        ProjectSettings settings = saved.with(options.asSettings());
        OpenedProject project = AnalyzeCommand.open(folder, settings.workspacePackage());
        Path root = project.folder();
        String stackName = null;
        try (AwsSteps aws = AwsSteps.open(options.profile, saved.awsOrEmpty().profile(), settings.awsOrEmpty().region());
             Interruptible ignored = new Interruptible()) {
            AwsSession.Identity who = aws.identity();
            say(out, "AWS account " + who.account() + " as " + who.arn() + ", region " + aws.region()
                    + " (" + aws.credentialsSource() + ")");
            ServiceSettings service = aws.settings(project, settings);
            List<String> problems = service.problems();
            if (!problems.isEmpty()) {
                throw new UserError(String.join(" ", problems));
            }
            ConfigValues config = configValues(project, settings);
            AwsSteps.checkDeployable(config); // before anything is saved, built or stored
            aws.refuseForeign(service.name(), config); // a stack or secret of this name that Dockhand did not make
            saveSettings(project, settings.withConfig(config.plan().toSettings()), service, aws);
            say(out, "Estimated cost: " + aws.cost(service).describe());
            stackName = service.name();
            String imageUri = image != null ? image : buildTestPush(aws, root, project, service, config, out);
            DeployListener listener = listener(out);
            AwsSteps.Configured configured = aws.configure(service.name(), config, restoreSecret, listener);
            Path template = AwsSteps.writeTemplate(root, StackTemplate.yaml(service, configured.task()));
            say(out, "Template written to " + root.relativize(template));

            DeployOutcome outcome = aws.deploy(service, configured, imageUri, Duration.ofSeconds(waitTimeoutSeconds), listener);
            report(out, outcome);
            if (outcome.serviceStable()) {
                return 0;
            }
            return outcome.timedOut() ? WAIT_TIMED_OUT : 1;
        } catch (StepException e) {
            if (json) {
                out.println(AnalyzeCommand.toJson(jsonOf(DeployOutcome.failed(stackName, null, null, e.getMessage()))));
                out.flush();
            }
            throw TemplateCommand.badInput(e);
        } catch (IOException e) {
            throw new UserError("Cannot write into " + root + ": " + e.getMessage() + ". Check that the folder is writable.", 1);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }

    @CommandLine.ArgGroup(exclusive = false, heading = "Local rehearsal timings (to watch scaling quickly):%n")
    Tuning tuning = new Tuning();

    /** Shorter timings for the rehearsal than the AWS stack's (seconds). */
    static final class Tuning {
        @Option(names = "--fast", description = "Fast timings to watch scaling within minutes: CPU every 10 s, checks every 5 s, "
                + "cooldowns 20 s and 30 s, draining 5 s. The flags below override single values.")
        boolean fast;

        @Option(names = "--health-interval", paramLabel = "SECONDS", description = "Health check interval (default 15).")
        Integer healthInterval;

        @Option(names = "--scaling-period", paramLabel = "SECONDS", description = "CPU measurement period (default 60).")
        Integer scalingPeriod;

        @Option(names = "--scale-out-cooldown", paramLabel = "SECONDS", description = "Default 60.")
        Integer scaleOutCooldown;

        @Option(names = "--scale-in-cooldown", paramLabel = "SECONDS", description = "Default 300.")
        Integer scaleInCooldown;

        @Option(names = "--deregistration-delay", paramLabel = "SECONDS", description = "Draining time (default 30).")
        Integer deregistrationDelay;

        LocalSteps.Tuning toSteps() {
            LocalSteps.Tuning base = fast ? LocalSteps.Tuning.fast() : LocalSteps.Tuning.none();
            return new LocalSteps.Tuning(or(seconds(healthInterval), base.healthInterval()), or(seconds(scalingPeriod), base.scalingPeriod()),
                    or(seconds(scaleOutCooldown), base.scaleOutCooldown()), or(seconds(scaleInCooldown), base.scaleInCooldown()),
                    or(seconds(deregistrationDelay), base.deregistrationDelay()));
        }

        private static Duration or(Duration given, Duration preset) {
            return given != null ? given : preset;
        }

        private static Duration seconds(Integer value) {
            if (value != null && value < 0) {
                throw new UserError("Rehearsal timings must not be negative.");
            }
            return value == null ? null : Duration.ofSeconds(value);
        }
    }

    /** The same service shape on the local Docker engine; returns once the replicas are healthy. */
    private int deployLocal() {
        PrintWriter out = spec.commandLine().getOut();
        ProjectSettings settings = loadSettings(folder).with(options.asSettings());
        OpenedProject project = AnalyzeCommand.open(folder, settings.workspacePackage());
        ServiceSettings shape = baseSettings(project, settings); // refused before anything is built, started or saved
        ConfigValues config = configValues(project, settings);
        Path root = project.folder();
        StepListener printer = new StepListener() {
            @Override
            public void log(String line) {
                say(out, line);
            }
        };
        try (Interruptible ignored = new Interruptible()) {
            String local = image;
            if (local == null) {
                try (ImageSteps images = ImageSteps.connect()) {
                    say(out, "Building the image");
                    ImageReports.Build built = images.build(root, null, printer);
                    ImageReports.Test tested = images.test(project, built.image(), config, shape, ImageSteps.DEFAULT_TEST_TIMEOUT,
                            StepListener.NONE);
                    if (!tested.healthy()) {
                        throw StepException.failed("The image did not pass its local test: " + tested.reason(), null);
                    }
                    local = built.image();
                }
            }
            var rehearsal = LocalSteps.spec(project, settings, local, tuning.toSteps());
            dev.dockhand.monitor.ServiceSnapshot snapshot = new LocalSteps().deploy(rehearsal, config, Duration.ofSeconds(waitTimeoutSeconds),
                    printer);
            // Saved once the rehearsal runs: a refused or failed start leaves dockhand.yaml as it was.
            project.pinServing(settings.withConfig(config.plan().toSettings()).with(ProjectSettings.shape(rehearsal.name(), null, null,
                    rehearsal.cpuUnits(), rehearsal.memoryMiB(), rehearsal.desired(), rehearsal.min(), rehearsal.max(),
                    rehearsal.cpuTargetPercent())), rehearsal.port(), rehearsal.healthPath())
                    .withTarget(ProjectSettings.LOCAL).save(root);
            say(out, "Rehearsal " + rehearsal.name() + " running at " + snapshot.url() + " (a background Dockhand process; "
                    + "`" + dev.dockhand.pipeline.NextCommands.stop(dev.dockhand.pipeline.NextCommands.launcher(), root, true).line() + "` stops it)");
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("url", snapshot.url());
                result.put("tasks", snapshot.tasks().stream().filter(t -> !t.status().equals("STOPPED")).map(t -> {
                    Map<String, Object> task = new LinkedHashMap<>();
                    task.put("id", t.id());
                    task.put("status", t.status());
                    task.put("health", t.health());
                    task.put("address", t.privateIp());
                    return task;
                }).toList());
                out.println(AnalyzeCommand.toJson(result));
                out.flush();
            }
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        } catch (IOException e) {
            throw new UserError("Cannot write into " + root + ": " + e.getMessage(), 1);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }

    private String buildTestPush(AwsSteps aws, Path root, OpenedProject project, ServiceSettings service, ConfigValues config,
                                 PrintWriter out) throws StepException {
        StepListener printer = new StepListener() {
            @Override
            public void log(String line) {
                say(out, line);
            }
        };
        try (ImageSteps images = ImageSteps.connect()) {
            say(out, "Building the image");
            ImageReports.Build built = images.build(root, null, printer);
            say(out, "Testing " + built.image() + " locally");
            ImageReports.Test tested = images.test(project, built.image(), config, service, ImageSteps.DEFAULT_TEST_TIMEOUT,
                    StepListener.NONE);
            if (!tested.healthy()) {
                throw StepException.failed("The image did not pass its local test, so it was not deployed: " + tested.reason(), null);
            }
            say(out, "Healthy: " + tested.statusCode() + " in " + tested.latencyMs() + " ms");
            return aws.push(images, built.image(), service.name(), printer);
        }
    }

    private DeployListener listener(PrintWriter out) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        return new DeployListener() {
            @Override
            public boolean approve(List<Change> changes) {
                say(out, "Changes:");
                for (Change c : changes) {
                    say(out, String.format("  %-7s %-28s %-45s %s", c.action(), c.logicalId(), c.resourceType(),
                            c.replacement().isEmpty() || c.replacement().equals("False") ? "" : "replacement: " + c.replacement()));
                }
                return yes || confirm(out, "Execute these changes?");
            }

            @Override
            public boolean approveRecreate(String stackName, String reason) {
                say(out, reason);
                return yes || confirm(out, "Delete stack " + stackName + " and create it again?");
            }

            @Override
            public boolean approveRestoreSecret(String secretName, String reason) {
                // Without a terminal the deploy stops with a message naming --restore-secret.
                return System.console() != null && confirm(out, reason);
            }

            @Override
            public boolean approveEarlierResource(String name, String question) {
                return EarlierResources.confirm(out, adopt, name, question);
            }

            @Override
            public void event(Event e) {
                say(out, String.format("  %s  %-28s %-22s %s", time.format(e.time()), e.logicalId(), e.status(),
                        e.reason() == null ? "" : e.reason()));
            }

            @Override
            public void status(String text) {
                say(out, text);
            }

            @Override
            public void taskStopped(dev.dockhand.monitor.StoppedTask task) {
                say(out, (task.cause().failure() ? "Task " : "Task (stopped on purpose) ") + task.taskId() + " stopped: "
                        + task.cause().describe());
            }

            private boolean hinted;

            @Override
            public boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
                if (!failFast && !hinted) {
                    hinted = true;
                    say(out, failed + " new tasks failed: the deployment will not succeed. Waiting for ECS's circuit breaker and "
                            + "CloudFormation to roll it back (with --fail-fast Dockhand rolls back at this point).");
                }
                return failFast;
            }

            private String lastBlueGreen;

            @Override
            public boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
                // One line per change of stage or traffic; the bake countdown is printed once a minute.
                String line = status.describe().replaceAll("; \\d+ min \\d+ s of bake time left", status.bakeLeft() == null ? ""
                        : "; " + status.bakeLeft().toMinutes() + " min of bake time left");
                if (!line.equals(lastBlueGreen)) {
                    lastBlueGreen = line;
                    say(out, line + (status.testUrl() == null ? "" : " (test: " + status.testUrl() + ")"));
                }
                return false;
            }
        };
    }

    /** Asks on the terminal; without one (CI), the answer is no and the user is told about --yes. */
    private static boolean confirm(PrintWriter out, String question) {
        if (System.console() == null) {
            say(out, question + " No terminal to ask on: run again with --yes to execute.");
            return false;
        }
        out.print(question + " [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    private void report(PrintWriter out, DeployOutcome o) {
        if (o.serviceStable()) {
            say(out, "Service stable at " + o.url() + (o.urlStatus() == null ? "" : " (answered " + o.urlStatus() + ")"));
        } else if (o.reason() != null) {
            say(out, o.reason());
        }
        if (json) {
            out.println(AnalyzeCommand.toJson(jsonOf(o)));
        }
        out.flush();
    }

    /** Progress goes to stdout as plain lines; with --json the JSON object is the last thing printed. */
    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    static Map<String, Object> jsonOf(DeployOutcome o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stackName", o.stackName());
        json.put("stackStatus", o.stackStatus());
        json.put("serviceStable", o.serviceStable());
        json.put("serviceArn", o.serviceArn());
        json.put("url", o.url());
        json.put("failedResource", o.failedResource());
        json.put("reason", o.reason());
        json.put("timedOut", o.timedOut());
        json.put("urlStatus", o.urlStatus());
        return json;
    }

    static void checkImageUri(String image) {
        int slash = image.indexOf('/');
        int colon = image.lastIndexOf(':');
        if (slash < 0 || colon < slash || image.endsWith(":latest")) {
            throw new UserError("\"" + image + "\" is not an image URI with an immutable tag: give REGISTRY/REPOSITORY:TAG "
                    + "with the git commit or a timestamp as TAG, not latest.");
        }
    }

    /** The service's settings, or bad input (exit 2) naming the rule each invalid setting breaks. */
    static ServiceSettings baseSettings(OpenedProject project, ProjectSettings settings) {
        try {
            return Deployments.baseSettings(project, settings);
        } catch (StepException e) {
            throw new UserError(e.getMessage(), DockhandCommand.BAD_INPUT);
        }
    }

    static ProjectSettings loadSettings(Path folder) {
        try {
            ProjectSettings settings = ProjectSettings.load(folder);
            ProjectSettings.unknownKeys(folder).forEach(warning -> System.err.println("dockhand: warning: " + warning));
            return settings;
        } catch (StepException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The app's configuration on this machine, or a usage error naming the bad key in dockhand.yaml. */
    static ConfigValues configValues(OpenedProject project, ProjectSettings settings) {
        try {
            return project.configValues(project.configPlan(settings), Map.of());
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        }
    }

    private static void saveSettings(OpenedProject project, ProjectSettings settings, ServiceSettings service, AwsSteps aws)
            throws IOException {
        ProjectSettings.Aws chosen = new ProjectSettings.Aws(aws.profile(), aws.region(), service.vpcId(), service.taskSubnets(),
                service.loadBalancerSubnets().equals(service.taskSubnets()) ? null : service.loadBalancerSubnets(),
                service.privateTasks() ? Boolean.TRUE : null, service.certificateArn(),
                service.rollout().blueGreen() ? service.rollout().strategy().key() : settings.awsOrEmpty().deployment(),
                service.rollout().blueGreen() ? Integer.valueOf(service.rollout().bakeMinutes()) : settings.awsOrEmpty().bakeMinutes());
        project.pinServing(settings.with(ProjectSettings.shape(service.name(), null, null, service.cpu(), service.memory(),
                        service.desiredCount(), service.minTasks(), service.maxTasks(), service.cpuTargetPercent()).withAws(chosen)),
                service.containerPort(), service.healthPath())
                .withTarget(ProjectSettings.AWS).save(project.folder());
    }
}
