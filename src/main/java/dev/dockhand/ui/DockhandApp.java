package dev.dockhand.ui;

import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.AwsConnection;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app: opens the wizard window. */
public final class DockhandApp extends Application {

    private BackgroundTasks tasks;
    private DockerSession docker;
    private AwsConnection aws;

    /** Starts JavaFX and blocks until the last window closes. */
    public static void launchApp(String[] args) {
        Application.launch(DockhandApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        aws = AwsConnection.toAws();
        String version = DockhandApp.class.getPackage().getImplementationVersion();
        new WizardWindow(tasks, new RecentProjects(RecentProjects.defaultConfigDirectory()), docker, aws,
                version == null ? "dev" : version).show(stage);
    }

    @Override
    public void stop() {
        if (tasks != null) {
            tasks.close();
        }
        if (docker != null) {
            docker.close();
        }
        if (aws != null) {
            aws.close();
        }
    }
}
