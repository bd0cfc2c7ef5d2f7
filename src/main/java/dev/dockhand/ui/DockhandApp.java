package dev.dockhand.ui;

import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.FirstFrame;
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

    /** Opens the monitoring window on its own: {@code dockhand monitor [--rehearsal NAME | --profile P --region R --cluster C --service S]}. */
    public static void launchMonitor(String[] args) {
        Application.launch(DockhandApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        java.util.List<String> args = getParameters().getRaw();
        if (!args.isEmpty() && args.get(0).equals("monitor")) {
            startMonitor(stage, args);
            return;
        }
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        aws = AwsConnection.toAws();
        String version = DockhandApp.class.getPackage().getImplementationVersion();
        new WizardWindow(tasks, new RecentProjects(RecentProjects.defaultConfigDirectory()), docker, aws,
                version == null ? "dev" : version).show(stage);
        FirstFrame.then(stage.getScene(), this::afterFirstFrame);
    }

    private void afterFirstFrame() {
        if (StartArchive.training()) {
            javafx.animation.PauseTransition tail = new javafx.animation.PauseTransition(StartArchive.TRAINING_TAIL);
            tail.setOnFinished(e -> javafx.application.Platform.exit());
            tail.play();
            return;
        }
        tasks.executor().execute(StartArchive::remakeIfUnused);
    }

    /**
     * The monitoring window on its own: {@code monitor --rehearsal NAME}, {@code monitor --profile P --region R
     * --cluster C --service S}, or, without them, on what the user picks.
     */
    private void startMonitor(Stage stage, java.util.List<String> args) {
        Theme.apply(false);
        tasks = new BackgroundTasks();
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        dev.dockhand.pipeline.ServiceWatch watch;
        if (options.containsKey("--rehearsal")) {
            watch = dev.dockhand.pipeline.ServiceWatch.local(options.get("--rehearsal"));
        } else if (options.containsKey("--cluster") && options.containsKey("--service")) {
            try {
                watch = dev.dockhand.pipeline.ServiceWatch.aws(dev.dockhand.pipeline.AwsSteps.open(options.get("--profile"),
                        options.get("--region")), options.get("--cluster"), options.get("--service"),
                        dev.dockhand.ui.monitor.MonitorSourceDialog.METRICS_LOOKBACK);
            } catch (dev.dockhand.pipeline.StepException e) {
                javafx.scene.control.Alert failed = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        e.getMessage());
                failed.setHeaderText("Cannot watch " + options.get("--service"));
                failed.showAndWait();
                javafx.application.Platform.exit();
                return;
            }
        } else {
            watch = new dev.dockhand.ui.monitor.MonitorSourceDialog(tasks, null).showAndWait().orElse(null);
        }
        if (watch == null) {
            javafx.application.Platform.exit();
            return;
        }
        new dev.dockhand.ui.monitor.MonitorWindow(watch, tasks).show(stage);
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
