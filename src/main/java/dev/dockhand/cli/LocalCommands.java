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

}
