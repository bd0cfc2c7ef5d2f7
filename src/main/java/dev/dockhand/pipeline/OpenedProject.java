package dev.dockhand.pipeline;

import dev.dockhand.dockerfile.DockerfileGenerator;
import dev.dockhand.dockerfile.DockerfileWriter;
import dev.dockhand.dockerfile.GenerationException;
import dev.dockhand.dockerfile.Proposal;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.project.ProjectLinks;
import dev.dockhand.project.AnalysisException;
import dev.dockhand.project.Finding;
import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.project.Severity;

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

    /** What the analysis found, before dockhand.yaml's choices. */
    private final ProjectAnalysis detected;
    /** The analysis every step uses: the detected one with the port and health path dockhand.yaml chose. */
    private final ProjectAnalysis analysis;
    private final AnalysisReport report;

    /** dockhand.yaml's port and health path as the file had them when the project was opened, or null. */
    private Integer savedPort;
    private String savedHealthPath;

    private OpenedProject(ProjectAnalysis detected) {
        this.detected = detected;
        this.analysis = withChoices(detected);
        this.report = AnalysisReport.of(analysis, detected);
    }

    /**
     * Analyses {@code folder}; {@code workspacePackage} picks a monorepo package, or null. A port or health
     * path set in dockhand.yaml takes the place of the detected one, so that the Dockerfile, the test, the
     * rehearsal and the service all use the same.
     */
    public static OpenedProject open(Path folder, String workspacePackage) throws StepException {
        try {
            return new OpenedProject(new ProjectAnalyzer().analyze(folder, workspacePackage));
        } catch (AnalysisException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    /**
     * {@code detected} with dockhand.yaml's port and health path. A file that cannot be read, or a value
     * no target group could use, becomes a finding to fix instead: the project still opens.
     */
    private ProjectAnalysis withChoices(ProjectAnalysis detected) {
        ProjectSettings settings;
        try {
            settings = ProjectSettings.load(detected.root());
        } catch (StepException e) {
            return detected.withFinding(new Finding("settings-unreadable", Severity.ERROR, ProjectSettings.FILE, null,
                    e.getMessage(), "Correct " + ProjectSettings.FILE + " (Dockhand keeps each earlier version beside it as "
                    + ProjectSettings.FILE + ".<time>.dockhand-backup), then open the project again."));
        }
        savedPort = settings.port();
        savedHealthPath = settings.healthPath();
        ProjectAnalysis chosen = detected;
        Integer port = settings.port();
        if (port != null && ServiceSettings.portProblem(port).isPresent()) {
            chosen = chosen.withFinding(badChoice("port", ServiceSettings.portProblem(port).get()));
            port = null;
        }
        String healthPath = settings.healthPath();
        if (healthPath != null && ServiceSettings.healthPathProblem(healthPath).isPresent()) {
            chosen = chosen.withFinding(badChoice("healthPath", ServiceSettings.healthPathProblem(healthPath).get()));
            healthPath = null;
        }
        // A value that is what the analysis finds is no choice (older versions wrote "/" when no route was
        // found): the findings about a missing health route still show.
        return chosen.withServing(port != null && port == detected.port() ? null : port,
                healthPath != null && healthPath.equals(detectedPath(detected)) ? null : healthPath);
    }

    /** The path the target group checks when the user chose none: the detected route, else "/". */
    private static String detectedPath(ProjectAnalysis detected) {
        return detected.healthPath() == null ? "/" : detected.healthPath();
    }

    private static Finding badChoice(String key, String problem) {
        return new Finding("settings-invalid", Severity.ERROR, ProjectSettings.FILE, null,
                problem + " (" + ProjectSettings.FILE + " " + key + "; the detected value is used until it is fixed)",
                "Correct " + key + " in " + ProjectSettings.FILE + ", or choose it with Edit on the Project step.");
    }

    /** The port the analysis found, whatever dockhand.yaml chose. */
    public int detectedPort() {
        return detected.port();
    }

    /** The health path the analysis found (null when none), whatever dockhand.yaml chose. */
    public String detectedHealthPath() {
        return detected.healthPath();
    }

    /**
     * {@code settings} with a service's port and health path, kept only where they differ from what the
     * analysis finds, or where dockhand.yaml already says the same: a detected value is not pinned in
     * dockhand.yaml, so it follows the code when that changes. The health path "/" stands for "none found"
     * (the check every target uses then).
     */
    public ProjectSettings pinServing(ProjectSettings settings, int port, String healthPath) {
        // A line the file already had with this very value stays: the user may have written it on purpose.
        boolean keepPort = port != detected.port() || Integer.valueOf(port).equals(savedPort);
        boolean keepPath = healthPath != null && (!healthPath.equals(detectedPath(detected)) || healthPath.equals(savedHealthPath));
        return settings.withServing(keepPort ? Integer.valueOf(port) : null, keepPath ? healthPath : null);
    }

    /**
     * Saves the port and health path in dockhand.yaml as {@link #pinServing} keeps them (a null health path,
     * or a detected value, removes the choice) and analyses the project again with them. The rest of the file
     * is kept, with a backup of the old one.
     */
    public OpenedProject withServing(int port, String healthPath) throws StepException {
        List<String> problems = new java.util.ArrayList<>();
        ServiceSettings.portProblem(port).ifPresent(problems::add);
        if (healthPath != null) {
            ServiceSettings.healthPathProblem(healthPath).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new StepException(String.join(" ", problems), null, true);
        }
        try {
            pinServing(ProjectSettings.load(folder()), port, healthPath).save(folder());
        } catch (IOException e) {
            throw StepException.failed("Cannot write " + ProjectSettings.FILE + " into " + folder() + ": " + e.getMessage(), e);
        }
        return open(folder(), detected.appDirectory().isEmpty() ? null : detected.appDirectory());
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
            return ProjectLinks.isProjectFile(folder(), file) ? Optional.of(ProjectLinks.readString(folder(), file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
