package dev.dockhand.ui;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.FirstFrame;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorSourceDialog;
import dev.dockhand.ui.monitor.MonitorWindow;
import dev.dockhand.ui.wizard.AwsConnection;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The desktop app: opens the wizard window. */
public final class DockhandApp extends Application {

    private BackgroundTasks tasks;
    private DockerSession docker;
    private AwsConnection aws;

    /** Starts JavaFX and blocks until the last window closes. */
    public static void launchApp(String[] args) {
        Application.launch(DockhandApp.class, args);
    }

    /**
     * Opens the monitoring window on its own:
     * {@code dockhand monitor [--rehearsal NAME | --profile P --region R --cluster C --service S]}.
     */
    public static void launchMonitor(String[] args) {
        Application.launch(DockhandApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
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
            PauseTransition tail = new PauseTransition(StartArchive.TRAINING_TAIL);
            tail.setOnFinished(e -> Platform.exit());
            tail.play();
            return;
        }
        tasks.executor().execute(StartArchive::remakeIfUnused);
    }

    /**
     * The monitoring window on its own: {@code monitor --rehearsal NAME}, {@code monitor --profile P --region R
     * --cluster C --service S}, or, without them, on what the user picks.
     */
    private void startMonitor(Stage stage, List<String> args) {
        Theme.apply(false);
        tasks = new BackgroundTasks();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        if (options.containsKey("--rehearsal")) {
            showMonitor(stage, ServiceWatch.local(options.get("--rehearsal")));
        } else if (options.containsKey("--cluster") && options.containsKey("--service")) {
            // Reading the AWS profiles and loading the SDK take a moment: not on the FX thread.
            Task<ServiceWatch> open = new Task<>() {
                @Override
                protected ServiceWatch call() throws Exception {
                    AwsSteps steps = AwsSteps.open(options.get("--profile"), options.get("--region"));
                    return ServiceWatch.aws(steps, options.get("--cluster"), options.get("--service"),
                            MonitorSourceDialog.METRICS_LOOKBACK);
                }
            };
            open.setOnSucceeded(e -> showMonitor(stage, open.getValue()));
            open.setOnFailed(e -> {
                Alert failed = new Alert(Alert.AlertType.ERROR, open.getException().getMessage());
                failed.setHeaderText("Cannot watch " + options.get("--service"));
                failed.showAndWait();
                Platform.exit();
            });
            tasks.run(open);
        } else {
            showMonitor(stage, new MonitorSourceDialog(tasks, null).showAndWait().orElse(null));
        }
    }

    private void showMonitor(Stage stage, ServiceWatch watch) {
        if (watch == null) {
            Platform.exit();
            return;
        }
        new MonitorWindow(watch, tasks).show(stage);
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
