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

    /** Opens the monitoring window on its own: {@code dockhand monitor [--rehearsal NAME]}. */
    public static void launchMonitor(String[] args) {
        Application.launch(DockhandApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        java.util.List<String> args = getParameters().getRaw();
        if (!args.isEmpty() && args.get(0).equals("monitor")) {
            startMonitor(stage, args.size() > 2 && args.get(1).equals("--rehearsal") ? args.get(2) : null);
            return;
        }
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        aws = AwsConnection.toAws();
        String version = DockhandApp.class.getPackage().getImplementationVersion();
        new WizardWindow(tasks, new RecentProjects(RecentProjects.defaultConfigDirectory()), docker, aws,
                version == null ? "dev" : version).show(stage);
    }

    /** The monitoring window for a local rehearsal: the one named, the only one running, or one the user picks. */
    private void startMonitor(Stage stage, String requested) {
        Theme.apply(false);
        tasks = new BackgroundTasks();
        java.util.List<String> running = new dev.dockhand.pipeline.LocalSteps().running();
        String name = requested;
        if (name == null && running.size() == 1) {
            name = running.get(0);
        } else if (name == null && !running.isEmpty()) {
            javafx.scene.control.ChoiceDialog<String> pick = new javafx.scene.control.ChoiceDialog<>(running.get(0), running);
            pick.setTitle("Dockhand");
            pick.setHeaderText("Which service do you want to watch?");
            name = pick.showAndWait().orElse(null);
        }
        if (name == null) {
            javafx.scene.control.Alert none = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
                    "No local rehearsal is running. Start one with the wizard's Local rehearsal target or "
                            + "`dockhand deploy DIR --target local`. Watching AWS services is not available in this version.");
            none.setHeaderText("Nothing to watch");
            none.showAndWait();
            javafx.application.Platform.exit();
            return;
        }
        new dev.dockhand.ui.monitor.MonitorWindow(dev.dockhand.pipeline.ServiceWatch.local(name), tasks).show(stage);
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
