package dev.dockhand.pipeline;

import dev.dockhand.dockerfile.DockerfileGenerator;
import dev.dockhand.dockerfile.DockerfileWriter;
import dev.dockhand.dockerfile.GenerationException;
import dev.dockhand.dockerfile.Proposal;
import dev.dockhand.project.AnalysisException;
import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project folder after the first two steps of the flow: analysed, with a proposed Dockerfile. This is
 * what the wizard and the command line hold between steps.
 */
public final class OpenedProject {

    private final ProjectAnalysis analysis;
    private final AnalysisReport report;

    private OpenedProject(ProjectAnalysis analysis) {
        this.analysis = analysis;
        this.report = AnalysisReport.of(analysis);
    }

    /** Analyses {@code folder}; {@code workspacePackage} picks a monorepo package, or null. */
    public static OpenedProject open(Path folder, String workspacePackage) throws StepException {
        try {
            return new OpenedProject(new ProjectAnalyzer().analyze(folder, workspacePackage));
        } catch (AnalysisException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    public Path folder() {
        return analysis.root();
    }

    public AnalysisReport report() {
        return report;
    }

    /** True when no Dockerfile can be generated and the project's own is used as it is. */
    public boolean usesOwnDockerfileOnly() {
        return analysis.stack() == dev.dockhand.project.Stack.DOCKERFILE;
    }

    /** Dockhand's Dockerfile and .dockerignore for this project. */
    public DockerfileFiles proposal() throws StepException {
        try {
            Proposal proposal = new DockerfileGenerator().propose(analysis);
            return new DockerfileFiles(proposal.dockerfile(), proposal.dockerignore());
        } catch (GenerationException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    public Optional<String> existingDockerfile() {
        return read(DockerfileWriter.DOCKERFILE);
    }

    public Optional<String> existingDockerignore() {
        return read(DockerfileWriter.DOCKERIGNORE);
    }

    /** Writes the (possibly edited) files; see {@link DockerfileWriter#write}. */
    public DockerfileFiles.Saved save(DockerfileFiles files, boolean replaceExisting)
            throws IOException, DockerfileFiles.ExistingFilesException {
        try {
            DockerfileWriter.Result result = new DockerfileWriter()
                    .write(folder(), new Proposal(files.dockerfile(), files.dockerignore()), replaceExisting);
            return new DockerfileFiles.Saved(result.written(), result.unchanged(), result.backups());
        } catch (DockerfileWriter.ExistingFileException e) {
            throw new DockerfileFiles.ExistingFilesException(e.getMessage(), e.files());
        }
    }

    /**
     * The app's configuration: the keys the analysis found, with what {@code settings} (dockhand.yaml)
     * chose for them. Fails with the rule when dockhand.yaml names a bad key, kind or source.
     */
    public ConfigPlan configPlan(ProjectSettings settings) throws StepException {
        return ConfigPlan.of(analysis.configuration(), settings.configOrEmpty());
    }

    /** The plan's values on this machine: dotenv files, Dockhand's environment, and values typed in this session. */
    public ConfigValues configValues(ConfigPlan plan, Map<String, String> typed) throws StepException {
        return ConfigValues.read(folder(), plan, typed, System.getenv());
    }

    /**
     * Saves the plan's kinds and sources (never a value) as dockhand.yaml's config section, after checking
     * it; the rest of the file is kept.
     */
    public void saveConfig(ConfigPlan plan) throws StepException {
        List<String> problems = plan.problems();
        if (!problems.isEmpty()) {
            throw new StepException(String.join(" ", problems), null, true);
        }
        try {
            ProjectSettings.load(folder()).withConfig(plan.toSettings()).save(folder());
        } catch (IOException e) {
            throw StepException.failed("Cannot write " + ProjectSettings.FILE + " into " + folder() + ": " + e.getMessage(), e);
        }
    }

    /** The deployable packages of a monorepo, empty for a single package. */
    public List<String> workspaces() {
        return analysis.workspaces();
    }

    private Optional<String> read(String name) {
        Path file = folder().resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
