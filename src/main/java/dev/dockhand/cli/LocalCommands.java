package dev.dockhand.cli;

import dev.dockhand.local.LoadGenerator;
import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;

import java.nio.file.Path;

/** Helpers shared by the local-rehearsal sides of deploy, status, destroy and load. */
final class LocalCommands {

    private LocalCommands() {
    }

    /** The rehearsal's name: the service name from dockhand.yaml or the folder. */
    static String name(Path folder) {
        ProjectSettings settings = DeployCommand.loadSettings(folder);
        OpenedProject project = AnalyzeCommand.open(folder, settings.workspacePackage());
        return DeployCommand.baseSettings(project, settings).name();
    }

    static LocalSteps steps() {
        return new LocalSteps();
    }

    static String describe(LoadGenerator.Report r) {
        return String.format(java.util.Locale.ROOT, "%d requests (%d failed), %.0f per second, median %.1f ms, p99 %.1f ms",
                r.requests(), r.failures(), r.perSecond(), r.p50Millis(), r.p99Millis());
    }
}
