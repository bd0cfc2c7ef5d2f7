package dev.dockhand.cli;

import dev.dockhand.local.LoadGenerator;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** {@code dockhand load DIR --target local}: a bounded load on the rehearsal, to watch it scale. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Send a bounded load to the local rehearsal (loopback only; stops by itself).")
final class LoadCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--target", required = true, paramLabel = "local", description = "Only the local rehearsal takes load.")
    String target;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "N", description = "How long (default: ${DEFAULT-VALUE}; at most 1800).")
    int seconds;

    @Option(names = "--clients", defaultValue = "8", paramLabel = "N", description = "Concurrent clients (default: ${DEFAULT-VALUE}; at most 64).")
    int clients;

    @Option(names = "--path", defaultValue = "/", paramLabel = "PATH", description = "Path to request (default: ${DEFAULT-VALUE}).")
    String path;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BuildCommand.checkProjectFolder(folder);
        if (!target.equals("local")) {
            throw new UserError("Load goes to the local rehearsal only (--target local): Dockhand never loads a service elsewhere.");
        }
        if (seconds <= 0 || clients <= 0) {
            throw new UserError("--seconds and --clients must be positive.");
        }
        var pathProblem = dev.dockhand.aws.ServiceSettings.urlPathProblem("--path", path);
        if (pathProblem.isPresent()) {
            throw new UserError(pathProblem.get() + ", e.g. --path /search?q=a%20b.");
        }
        try {
            String url = LocalCommands.steps().status(LocalCommands.name(folder)).url();
            spec.commandLine().getOut().println("Loading " + url + path + " with " + Math.min(clients, LoadGenerator.MAX_CLIENTS)
                    + " clients for " + Math.min(seconds, LoadGenerator.MAX_DURATION.toSeconds()) + " s (at most "
                    + String.format(java.util.Locale.ROOT, "%,d", LoadGenerator.MAX_REQUESTS) + " requests)");
            spec.commandLine().getOut().flush();
            LoadGenerator.Report report = LoadGenerator.run(URI.create(url + path), Duration.ofSeconds(seconds), clients);
            spec.commandLine().getOut().println(report.describe());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        }
    }
}
