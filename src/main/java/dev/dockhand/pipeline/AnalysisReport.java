package dev.dockhand.pipeline;

import dev.dockhand.project.Finding;
import dev.dockhand.project.ProjectAnalysis;

import java.util.List;

/**
 * The analysis as users and scripts see it: the shape of {@code dockhand analyze --json} and of the
 * wizard's readiness report. {@code portSource} and {@code healthPathSource} say whether the port and the
 * health path were {@link #DETECTED} or chosen in {@code dockhand.yaml}.
 */
public record AnalysisReport(
        String path,
        String stack,
        String stackName,
        String framework,
        String runtimeVersion,
        String versionSource,
        String packageManager,
        String buildTool,
        String lockfile,
        String startCommand,
        String startReason,
        String buildCommand,
        int port,
        String healthPath,
        String portSource,
        String healthPathSource,
        String appDirectory,
        List<String> workspaces,
        boolean hasDockerfile,
        List<Variable> configuration,
        List<ReadinessFinding> findings,
        int filesVisited) {

    public static final String DETECTED = "detected";

    /**
     * A variable the app reads, as the analysis proposes to carry it: "secret" or "plain", where the code
     * reads it, and whether a dotenv file gives it a value. Never the value.
     */
    public record Variable(String name, String kind, List<String> readAt, boolean hasDefault, List<String> valueFiles) {
    }

    /** One readiness finding; severity is "error", "warning" or "info". */
    public record ReadinessFinding(String id, String severity, String file, Integer line, String message, String fix) {

        /** "src/app.js:12", "src/app.js" or "" for display. */
        public String location() {
            if (file == null) {
                return "";
            }
            return line == null ? file : file + ":" + line;
        }
    }

    /** The report of {@code a}, whose port and health path are the {@code detected} ones unless dockhand.yaml chose them. */
    static AnalysisReport of(ProjectAnalysis a, ProjectAnalysis detected) {
        List<ReadinessFinding> findings = a.findings().stream().map(AnalysisReport::finding).toList();
        return new AnalysisReport(a.root().toString(), a.stack().id(), a.stack().displayName(), a.framework(),
                a.runtimeVersion(), a.versionSource(), a.packageManager(), a.buildTool(), a.lockfile(),
                a.startCommand(), a.startReason(), a.buildCommand(), a.port(), a.healthPath(),
                a.port() == detected.port() ? DETECTED : ProjectSettings.FILE,
                java.util.Objects.equals(a.healthPath(), detected.healthPath()) ? DETECTED : ProjectSettings.FILE,
                a.appDirectory(), a.workspaces(),
                a.hasDockerfile(), a.configuration().stream().map(k -> new Variable(k.name(), k.kind().word(), k.readAt(),
                        k.hasDefault(), k.valueFiles())).toList(), findings, a.filesVisited());
    }

    private static ReadinessFinding finding(Finding f) {
        return new ReadinessFinding(f.id(), f.severity().id(), f.file(), f.line(), f.message(), f.fix());
    }

    /** True when the port or the health path is dockhand.yaml's rather than the detected one. */
    public boolean servingChosen() {
        return !DETECTED.equals(portSource) || !DETECTED.equals(healthPathSource);
    }

    public long count(String severity) {
        return findings.stream().filter(f -> f.severity().equals(severity)).count();
    }
}
