package dev.dockhand.project;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Looks at a project folder and says what it is, how to build and start it, and what will break when it
 * runs as replaceable containers behind a load balancer.
 *
 * <p>Reads only; never changes a file. Safe to call from any thread.
 */
public final class ProjectAnalyzer {

    /** Analyses {@code folder}; for a monorepo the first deployable workspace package is chosen. */
    public ProjectAnalysis analyze(Path folder) throws AnalysisException {
        return analyze(folder, null);
    }

    /**
     * Analyses {@code folder}.
     *
     * @param workspacePackage for a monorepo, the package to deploy (relative path such as
     *                         "packages/api"), or null to let Dockhand choose
     */
    /** A finding's id: a file of the project is a link to one outside it. */
    public static final String LINK_OUTSIDE_PROJECT = "link-outside-project";

    public ProjectAnalysis analyze(Path folder, String workspacePackage) throws AnalysisException {
        Path root = readableFolder(folder);
        ProjectFiles files = ProjectFiles.scan(root);
        if (files.all().isEmpty()) {
            throw new AnalysisException("The folder " + root + " has no files. Choose the folder that holds your "
                    + "app's source (with package.json, requirements.txt, pom.xml, go.mod or index.html).");
        }
        ProjectAnalysis.Builder out = new ProjectAnalysis.Builder(root);
        out.filesVisited = files.visited();
        out.hasDockerfile = files.exists("Dockerfile");
        detectStack(files, out, workspacePackage);
        if (out.stack != Stack.STATIC) {
            ConfigReads.scan(files, out);
        }

        // No file to open on the finding: opening it would follow the link out of the project.
        files.outsideLinks().forEach((link, target) -> out.add(new Finding(LINK_OUTSIDE_PROJECT, Severity.WARNING, null, null,
                link + " is a link to " + target + ", outside the project: Dockhand does not read it, and no step gives "
                        + "its content to the app or the image.",
                "If the app needs the file, put a copy of it in the project in place of the link; otherwise remove the link.")));
        ReadinessRules.secrets(files, out, out.hasDockerfile && !files.exists(".dockerignore"));
        ReadinessRules.localDatabaseFiles(files, out);
        ReadinessRules.inlineSecrets(files, out);
        if (files.truncated()) {
            out.add(new Finding("large-tree", Severity.INFO, null, null,
                    "The folder holds more than " + ProjectFiles.MAX_ENTRIES + " files outside dependency and build "
                            + "folders; only the first ones were analysed.",
                    "Make sure you chose the app's folder, not a parent folder."));
        }
        return out.build();
    }

    /**
     * The folder as an absolute, real path once it is known to be a folder Dockhand may read; otherwise
     * the reason (missing, a file, permission denied) with the next step.
     */
    public static Path readableFolder(Path folder) throws AnalysisException {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new AnalysisException("The folder " + root + " does not exist. Check the path and try again.");
        }
        if (!Files.isDirectory(root)) {
            throw new AnalysisException(root + " is a file, not a folder. Choose the folder that holds your app.");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new AnalysisException("Cannot read the folder " + root + ": permission denied. "
                    + "Check its permissions (ls -ld \"" + root + "\") or choose another folder.");
        }
        try {
            return root.toRealPath(LinkOption.NOFOLLOW_LINKS).equals(root) ? root : root.toRealPath();
        } catch (java.io.IOException e) {
            return root;
        }
    }

    private static void detectStack(ProjectFiles files, ProjectAnalysis.Builder out, String workspacePackage)
            throws AnalysisException {
        JsonNode packageJson = files.exists("package.json") ? NodeDetector.readPackageJson(files, "package.json") : null;
        if (packageJson != null && NodeDetector.describesApp(packageJson)) {
            new NodeDetector(files, out).detect(packageJson, workspacePackage);
        } else if (PythonDetector.applies(files) && !JavaDetector.applies(files) && !files.exists("go.mod")) {
            new PythonDetector(files, out).detect();
        } else if (JavaDetector.applies(files)) {
            new JavaDetector(files, out).detect();
        } else if (files.exists("go.mod")) {
            new GoDetector(files, out).detect();
        } else if (packageJson != null) {
            new NodeDetector(files, out).detect(packageJson, workspacePackage);
        } else if (StaticDetector.siteFolder(files) != null && !out.hasDockerfile) {
            StaticDetector.detect(StaticDetector.siteFolder(files), out);
        } else if (out.hasDockerfile) {
            existingDockerfile(files, out);
        } else {
            throw new AnalysisException("No app found in " + files.root() + ": Dockhand looks for package.json, "
                    + "requirements.txt or pyproject.toml, pom.xml or build.gradle, go.mod, index.html, or a "
                    + "Dockerfile. Choose your app's folder, or add a Dockerfile to build it as it is.");
        }
        if (out.hasDockerfile && out.stack != Stack.DOCKERFILE) {
            // Dockhand's own, saved before, is not "yours": the Dockerfile step says whether it still matches.
            boolean dockhands = files.text("Dockerfile").map(ExistingDockerfile::writtenByDockhand).orElse(false);
            out.add(new Finding("existing-dockerfile", Severity.INFO, "Dockerfile", null,
                    dockhands ? "The project's Dockerfile was written by Dockhand." : "The project already has a Dockerfile.",
                    dockhands ? "The Dockerfile step compares it with today's proposal; when they match, there is nothing to do."
                            : "Use it as it is, or compare it with Dockhand's proposal and replace it (a backup is kept)."));
        }
    }

    private static void existingDockerfile(ProjectFiles files, ProjectAnalysis.Builder out) {
        ExistingDockerfile dockerfile = ExistingDockerfile.parse(files.text("Dockerfile").orElse(""));
        out.stack = Stack.DOCKERFILE;
        out.runtimeVersion = dockerfile.baseVersion().orElse(null);
        out.versionSource = dockerfile.baseImages().isEmpty() ? "Dockerfile has no FROM line"
                : "Dockerfile FROM " + String.join(", ", dockerfile.baseImages());
        out.startCommand = dockerfile.command();
        out.healthPath = dockerfile.healthPath();
        if (dockerfile.exposedPort() != null) {
            out.port = dockerfile.exposedPort();
        } else {
            out.port = 8080;
            out.add(new Finding("no-exposed-port", Severity.WARNING, "Dockerfile", null,
                    "The Dockerfile has no EXPOSE line, so the app's port is unknown; 8080 is assumed.",
                    "Add `EXPOSE <port>` to the Dockerfile, or set the port in Dockhand's settings."));
        }
        if (out.healthPath == null) {
            out.add(ReadinessRules.noHealthRoute("/health"));
        }
    }
}
