package dev.dockhand.cli;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.pipeline.StepListener;
import dev.dockhand.project.AnalysisException;
import dev.dockhand.project.ProjectAnalyzer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/** {@code dockhand build DIR}: builds the image from DIR's Dockerfile; prints the image reference last. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the image on the local Docker engine from DIR's Dockerfile.")
final class BuildCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder (with a Dockerfile).")
    Path folder;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "Tag, or NAME:TAG. Default: the folder's name and the git commit (or a timestamp).")
    String tag;

    @Option(names = "--network", paramLabel = "NETWORK",
            description = "Network for the build's RUN steps, e.g. host when the default one cannot reach your "
                    + "package registry. Default: build.network in dockhand.yaml, else the engine's default.")
    String network;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        checkProjectFolder(folder);
        checkTag(tag);
        if (!Files.isRegularFile(folder.resolve("Dockerfile"))) {
            throw new UserError("There is no Dockerfile in " + folder + ": write one with `dockhand dockerfile --write "
                    + dev.dockhand.pipeline.NextCommands.shellWord(folder.toString()) + "` first.");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ImageSteps steps = connect(); Interruptible ignored = new Interruptible()) {
            Path project = folder.toAbsolutePath().normalize();
            String buildNetwork = network != null ? network : ProjectSettings.load(project).buildNetwork();
            ImageReports.Build built = steps.build(project, tag, buildNetwork, new StepListener() {
                @Override
                public void log(String line) {
                    out.println(line);
                    out.flush();
                }
            });
            out.println(built.image());
            out.flush();
            return 0;
        } catch (StepException e) {
            throw new UserError(e.getMessage(), e.badInput() ? DockhandCommand.BAD_INPUT : 1);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }

    /** Docker's reference rules, checked before the context is packed and sent. */
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    static void checkTag(String tag) {
        if (tag == null) {
            return;
        }
        int colon = tag.lastIndexOf(':');
        boolean hasRepository = colon > tag.lastIndexOf('/');
        boolean repositoryOnly = !hasRepository && tag.contains("/"); // localhost:5000/shop: the tag is latest
        String repository = hasRepository ? tag.substring(0, colon) : repositoryOnly ? tag : null;
        String version = hasRepository ? tag.substring(colon + 1) : repositoryOnly ? "latest" : tag;
        if (!TAG.matcher(version).matches() || repository != null && !REPOSITORY.matcher(repository).matches()) {
            throw new UserError("\"" + tag + "\" is not a valid image tag: a tag is up to 128 letters, digits, '_', "
                    + "'.' and '-' (not starting with '.' or '-'), and a name before ':' is lower-case, e.g. "
                    + "--tag v1.2 or --tag shop/api:v1.2.", DockhandCommand.BAD_INPUT);
        }
    }

    /** The project folder exists, is a folder and may be read; otherwise the reason, before any work. */
    static void checkProjectFolder(Path folder) {
        try {
            ProjectAnalyzer.readableFolder(folder);
        } catch (AnalysisException e) {
            throw new UserError(e.getMessage(), DockhandCommand.BAD_INPUT);
        }
    }

    static ImageSteps connect() {
        try {
            return ImageSteps.connect();
        } catch (StepException e) {
            throw new UserError(e.getMessage(), 1);
        }
    }
}
