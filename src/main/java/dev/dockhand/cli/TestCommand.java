package dev.dockhand.cli;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.pipeline.StepListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/** {@code dockhand test DIR}: runs the image locally and calls its health path; exit 0 only when healthy. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the image locally and call its health path as the load balancer's check does: healthy after the "
                + "healthy threshold of answers in a row within " + ImageSteps.HEALTH_MATCHER + ".")
final class TestCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--image", paramLabel = "REF", description = "Image to test. Default: the newest one built for DIR.")
    String image;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for a healthy answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print {healthy, statusCode, latencyMs, exitCode, reason, logTail}.")
    boolean json;

    @Option(names = "--package", paramLabel = "PATH", description = "In a monorepo, the workspace package.")
    String workspacePackage;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (timeoutSeconds <= 0) {
            throw new UserError("--timeout must be a positive number of seconds.");
        }
        OpenedProject project = AnalyzeCommand.open(folder, workspacePackage);
        PrintWriter out = spec.commandLine().getOut();
        try (ImageSteps steps = BuildCommand.connect(); Interruptible ignored = new Interruptible()) {
            var config = DeployCommand.configValues(project, DeployCommand.loadSettings(folder));
            ImageReports.Test result = steps.test(project, image, config, Duration.ofSeconds(timeoutSeconds), new StepListener() {
                @Override
                public void log(String line) {
                    if (!json) {
                        out.println(line);
                        out.flush();
                    }
                }
            });
            if (json) {
                out.println(AnalyzeCommand.toJson(result));
            } else if (result.healthy()) {
                out.println("Healthy: " + result.statusCode() + " in " + result.latencyMs() + " ms (" + result.image() + ")");
            } else {
                out.println("Not healthy: " + result.reason());
            }
            out.flush();
            return result.healthy() ? 0 : 1;
        } catch (StepException e) {
            throw new UserError(e.getMessage(), e.badInput() ? DockhandCommand.BAD_INPUT : 1);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }
}
