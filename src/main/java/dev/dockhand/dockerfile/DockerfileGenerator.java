package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.Stack;

/**
 * Writes a production-grade Dockerfile and .dockerignore for an analysed project.
 *
 * <p>Every Dockerfile: pins the base image to the project's runtime version, installs dependencies from
 * the lockfile before the source is copied (so the install layer is reused until the lockfile changes),
 * leaves build tools and dev dependencies out of the final stage, runs as a non-root user, exposes the
 * detected port and starts the app in exec form so it receives SIGTERM itself. Generated files build on
 * the classic builder and on BuildKit alike (no {@code RUN --mount}, no heredocs).
 */
public final class DockerfileGenerator {

    /** Proposes a Dockerfile and .dockerignore, or says why it cannot. */
    public Proposal propose(ProjectAnalysis analysis) throws GenerationException {
        if (analysis.stack() == Stack.DOCKERFILE) {
            throw new GenerationException("Dockhand does not recognise this project's stack, so it cannot propose a "
                    + "Dockerfile; the project's own Dockerfile is used as it is.");
        }
        if (analysis.startCommand() == null) {
            throw new GenerationException("Dockhand found no start command, so a Dockerfile would have nothing to "
                    + "run. " + analysis.findings().stream().filter(f -> f.id().equals("no-start-command"))
                    .map(f -> f.fix()).findFirst().orElse("Add a start command to the project."));
        }
        refuseUnwritableWords(analysis);
        try {
            String dockerfile = switch (analysis.stack()) {
                case NODE -> new NodeDockerfile(analysis).write();
                case PYTHON -> new PythonDockerfile(analysis).write();
                case JAVA -> new JavaDockerfile(analysis).write();
                case GO -> new GoDockerfile(analysis).write();
                case STATIC -> new StaticDockerfile(analysis).write();
                case DOCKERFILE -> throw new IllegalStateException("handled above");
            };
            return new Proposal(dockerfile, Dockerignore.forProject(analysis));
        } catch (IllegalArgumentException e) {
            throw new GenerationException(e.getMessage() + ". Change it in the project, or write the Dockerfile yourself.");
        }
    }

    /**
     * The project's words that reach COPY, WORKDIR and RUN lines, checked once before any line is written:
     * folder and file names, and the commands composed from them.
     */
    private static void refuseUnwritableWords(ProjectAnalysis analysis) throws GenerationException {
        if (!analysis.appDirectory().isEmpty()) {
            Escape.projectPath("The app's folder", analysis.appDirectory());
        }
        for (String workspace : analysis.workspaces()) {
            Escape.projectPath("The workspace folder", workspace);
        }
        for (var generate : analysis.codeGeneration()) {
            for (String input : generate.inputs()) {
                Escape.projectPath("The code generator's input", input);
            }
            Escape.composedCommand("The code generator's command", generate.command());
        }
        if (analysis.buildCommand() != null) {
            Escape.composedCommand("The build command", analysis.buildCommand());
        }
        if (analysis.artifact() != null && analysis.stack() != Stack.STATIC) {
            Escape.projectPath("The build's artifact", analysis.artifact().replaceFirst("^\\./", ""));
        }
        if (analysis.stack() == Stack.STATIC && analysis.buildOutput() != null && !analysis.buildOutput().isEmpty()) {
            Escape.projectPath("The site's folder", analysis.buildOutput()); // a COPY line's source
        }
        if (analysis.lockfile() != null) {
            Escape.projectPath("The lockfile", analysis.lockfile());
        }
    }
}
