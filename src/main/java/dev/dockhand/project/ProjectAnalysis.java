package dev.dockhand.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What Dockhand learned about a project folder: enough to write its Dockerfile and to warn about what
 * will break in containers.
 *
 * @param root             the project folder
 * @param stack            the detected stack
 * @param framework        e.g. "express", "nextjs", "flask", "spring-boot", or null
 * @param runtimeVersion   the runtime the image is pinned to: Node or Java major ("20"), Python or Go
 *                         minor ("3.12", "1.22"); null for a static site without a build step
 * @param versionSource    where the runtime version came from, e.g. "package.json engines.node"
 * @param packageManager   Node package manager (npm, yarn, pnpm, bun) or null for other stacks
 * @param yarnBerry        true for Yarn 2+ (Plug'n'Play-capable, {@code .yarnrc.yml})
 * @param buildTool        dependency and build tool of other stacks (pip, poetry, uv, pipenv, maven,
 *                         gradle, go) or null
 * @param lockfile         lockfile name relative to the root (e.g. "package-lock.json"), or null
 * @param startCommand     the command that starts the app in the container, or null when none was found
 * @param startReason      why that command was chosen, in the user's words (e.g. "package.json
 *                         scripts.start:prod"), or null
 * @param buildCommand     the build step, e.g. "npm run build", or null
 * @param buildOutput      folder the build writes, relative to the app directory (e.g. "dist"), or null
 * @param port             the port the app listens on
 * @param healthPath       an HTTP path that answers 2xx when the app is healthy, or null
 * @param appDirectory     the package deployed, relative to the root ("" for the root itself)
 * @param workspaces       workspace packages of a monorepo (relative paths), empty otherwise
 * @param nativeModules    true when Node dependencies compile native code at install time
 * @param artifact         Java: the jar the build writes; Go: the main package path; else null
 * @param hasDockerfile    true when the folder already has a Dockerfile
 * @param hostVariable     the environment variable the app reads its bind address from, with a loopback
 *                         default (the image sets it to 0.0.0.0), or null
 * @param buildEnvironment variables set for the build's RUN steps only, never in the final image: switches
 *                         such as SKIP_ENV_VALIDATION, placeholders code generators insist on
 * @param codeGeneration   code generators the build runs after the sources are copied (prisma generate)
 * @param configuration    the environment variables the app reads and its dotenv files list (names only)
 * @param findings         readiness findings, most severe first
 * @param filesVisited     how many files and folders the analysis looked at (ignored trees not counted)
 */
public record ProjectAnalysis(
        Path root,
        Stack stack,
        String framework,
        String runtimeVersion,
        String versionSource,
        String packageManager,
        boolean yarnBerry,
        String buildTool,
        String lockfile,
        String startCommand,
        String startReason,
        String buildCommand,
        String buildOutput,
        int port,
        String healthPath,
        String appDirectory,
        List<String> workspaces,
        boolean nativeModules,
        String artifact,
        boolean hasDockerfile,
        String hostVariable,
        java.util.Map<String, String> buildEnvironment,
        List<CodeGeneration> codeGeneration,
        List<ConfigKey> configuration,
        List<Finding> findings,
        int filesVisited) {

    public ProjectAnalysis {
        workspaces = List.copyOf(workspaces);
        buildEnvironment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildEnvironment));
        codeGeneration = List.copyOf(codeGeneration);
        configuration = List.copyOf(configuration);
        findings = List.copyOf(findings);
    }

    /** The folder holding the deployed package: the root, or a workspace package inside it. */
    public Path appPath() {
        return appDirectory.isEmpty() ? root : root.resolve(appDirectory);
    }

    /**
     * This analysis with the port and health path the user chose (dockhand.yaml) in place of the detected
     * ones; null keeps what was detected. A chosen health path answers the findings about a missing health
     * route: the user named the route the app has.
     */
    public ProjectAnalysis withServing(Integer chosenPort, String chosenHealthPath) {
        List<Finding> kept = chosenHealthPath == null ? findings : findings.stream()
                .filter(f -> !f.id().equals(ReadinessRules.NO_HEALTH_ROUTE) && !f.id().equals(HealthRoutes.ROOT_HEALTH_PATH))
                .toList();
        return new ProjectAnalysis(root, stack, framework, runtimeVersion, versionSource, packageManager, yarnBerry, buildTool,
                lockfile, startCommand, startReason, buildCommand, buildOutput, chosenPort != null ? chosenPort : port,
                chosenHealthPath != null ? chosenHealthPath : healthPath, appDirectory, workspaces, nativeModules, artifact,
                hasDockerfile, hostVariable, buildEnvironment, codeGeneration, configuration, kept, filesVisited);
    }

    /** This analysis with one more finding, in its place by severity. */
    public ProjectAnalysis withFinding(Finding extra) {
        List<Finding> all = new ArrayList<>(findings);
        all.add(extra);
        all.sort(ORDER);
        return new ProjectAnalysis(root, stack, framework, runtimeVersion, versionSource, packageManager, yarnBerry, buildTool,
                lockfile, startCommand, startReason, buildCommand, buildOutput, port, healthPath, appDirectory, workspaces,
                nativeModules, artifact, hasDockerfile, hostVariable, buildEnvironment, codeGeneration, configuration, all,
                filesVisited);
    }

    /** Most severe first, then by kind and place, so that a report reads the same on every run. */
    private static final java.util.Comparator<Finding> ORDER = java.util.Comparator.comparing(Finding::severity)
            .thenComparing(Finding::id)
            .thenComparing(f -> f.file() == null ? "" : f.file())
            .thenComparing(f -> f.line() == null ? 0 : f.line());

    public boolean hasFinding(String id) {
        return findings.stream().anyMatch(f -> f.id().equals(id));
    }

    /** Mutable collector the detectors fill in; {@link #build()} freezes it. */
    static final class Builder {
        Path root;
        Stack stack;
        String framework;
        String runtimeVersion;
        String versionSource;
        String packageManager;
        boolean yarnBerry;
        String buildTool;
        String lockfile;
        String startCommand;
        String startReason;
        String buildCommand;
        String buildOutput;
        int port;
        String healthPath;
        String appDirectory = "";
        List<String> workspaces = List.of();
        boolean nativeModules;
        String artifact;
        boolean hasDockerfile;
        String hostVariable;
        final java.util.Map<String, String> buildEnvironment = new java.util.LinkedHashMap<>();
        final List<CodeGeneration> codeGeneration = new ArrayList<>();
        final List<ConfigKey> configuration = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        int filesVisited;

        Builder(Path root) {
            this.root = root;
        }

        void add(Finding finding) {
            boolean duplicate = findings.stream().anyMatch(f -> f.id().equals(finding.id())
                    && java.util.Objects.equals(f.file(), finding.file())
                    && java.util.Objects.equals(f.line(), finding.line()));
            if (!duplicate) {
                findings.add(finding);
            }
        }

        ProjectAnalysis build() {
            List<Finding> sorted = new ArrayList<>(findings);
            sorted.sort(ORDER);
            return new ProjectAnalysis(root, stack, framework, runtimeVersion, versionSource, packageManager,
                    yarnBerry, buildTool, lockfile, startCommand, startReason, buildCommand, buildOutput, port, healthPath,
                    appDirectory, workspaces, nativeModules, artifact, hasDockerfile, hostVariable, buildEnvironment,
                    codeGeneration, configuration, sorted, filesVisited);
        }
    }
}
