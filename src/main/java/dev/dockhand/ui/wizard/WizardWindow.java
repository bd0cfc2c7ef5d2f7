package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.FirstFrame;
import dev.dockhand.ui.common.Theme;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the wizard window: models, pages from FXML, and the frame around them. */
public final class WizardWindow {

    private final WizardModel model = new WizardModel();
    private final ProjectPageModel projectPage;
    private final DockerfilePageModel dockerfilePage;
    private final BuildPageModel buildPage;
    private final TestPageModel testPage;
    private final TargetPageModel targetPage;
    private final PushPageModel pushPage;
    private final DeployPageModel deployPage;
    private final ConfigPageModel configPage;
    private final Scene scene;

    public WizardWindow(BackgroundTasks tasks, RecentProjects recentProjects, DockerSession docker, AwsConnection aws,
                        String version) {
        projectPage = new ProjectPageModel(model, tasks, recentProjects);
        dockerfilePage = new DockerfilePageModel(model, tasks);
        configPage = new ConfigPageModel(model, tasks);
        buildPage = new BuildPageModel(model, tasks, docker);
        testPage = new TestPageModel(model, tasks, docker, buildPage, configPage);
        targetPage = new TargetPageModel(model, tasks, aws);
        pushPage = new PushPageModel(model, tasks, docker, aws, buildPage, targetPage);
        deployPage = new DeployPageModel(model, tasks, aws, targetPage, pushPage, buildPage, configPage);

        // Only the Project page is made now: the others when their step is first shown (WizardPages).
        FXMLLoader projectLoader = loader("project-page.fxml", new ProjectPageController(projectPage,
                name -> new dev.dockhand.ui.monitor.MonitorWindow(dev.dockhand.pipeline.ServiceWatch.local(name), tasks).show(new Stage())));
        // A rehearsal still running from an earlier session is this window's to stop, as if it had started it.
        projectPage.rehearsalProperty().addListener((obs, old, running) -> {
            if (running != null) {
                deployPage.adoptRehearsal(running.name(), running.url());
            }
        });
        deployPage.rehearsalProperty().addListener((obs, old, now) -> {
            if (old != null && now == null) {
                projectPage.rehearsalStopped(old);
            }
        });
        Node projectView = load(projectLoader);
        ProjectPageController projectController = projectLoader.getController();
        Map<WizardStep, Supplier<Node>> makers = new EnumMap<>(WizardStep.class);
        makers.put(WizardStep.PROJECT, () -> projectView);
        makers.put(WizardStep.DOCKERFILE, () -> load(loader("dockerfile-page.fxml", new DockerfilePageController(dockerfilePage))));
        makers.put(WizardStep.CONFIGURATION, () -> load(loader("config-page.fxml", new ConfigPageController(configPage))));
        makers.put(WizardStep.BUILD, () -> load(loader("build-page.fxml", new BuildPageController(buildPage))));
        makers.put(WizardStep.TEST, () -> load(loader("test-page.fxml", new TestPageController(testPage, buildPage, model))));
        makers.put(WizardStep.TARGET, () -> load(loader("target-page.fxml", new TargetPageController(targetPage))));
        makers.put(WizardStep.PUSH, () -> load(loader("push-page.fxml", new PushPageController(pushPage, buildPage, targetPage))));
        makers.put(WizardStep.DEPLOY, () -> load(loader("deploy-page.fxml", new DeployPageController(deployPage, pushPage, targetPage))));
        makers.put(WizardStep.MONITOR, () -> new MonitorStepPage(model, tasks, aws, targetPage, deployPage).build());
        WizardPages pages = new WizardPages(makers,
                step -> new Label(step.title() + " is not available in this version of Dockhand."));
        WizardController frame = new WizardController(model, pages::page, projectController::chooseFolder,
                projectPage.recent(), folder -> {
                    model.currentProperty().set(WizardStep.PROJECT);
                    projectPage.open(folder);
                },
                () -> monitorService(tasks), dark -> Theme.apply(dark), version);
        Parent root = load(loader("wizard.fxml", frame));
        scene = new Scene(root, 1100, 740);
        scene.getStylesheets().add(WizardWindow.class.getResource("/dev/dockhand/ui/dockhand.css").toExternalForm());
    }

    /** File > Monitor a Service: the monitoring window on any rehearsal or ECS service the user picks. */
    private void monitorService(BackgroundTasks tasks) {
        new dev.dockhand.ui.monitor.MonitorSourceDialog(tasks, scene.getWindow()).showAndWait()
                .ifPresent(watch -> new dev.dockhand.ui.monitor.MonitorWindow(watch, tasks).show(new Stage()));
    }

    public void show(Stage stage) {
        stage.setTitle("Dockhand");
        stage.setScene(scene);
        stage.setMinWidth(860);
        stage.setMinHeight(560);
        stage.setOnCloseRequest(event -> {
            if (!mayClose(stage)) {
                event.consume();
            }
        });
        stage.show();
        // Neither is needed for the first frame, and both would delay it: decoding the icons, and reading the
        // recent list (in the background, but loading Jackson's classes competes for the few cores).
        FirstFrame.then(scene, () -> {
            addIcons(stage);
            projectPage.loadRecent();
        });
    }

    static final javafx.scene.control.ButtonType STOP_AND_QUIT = new javafx.scene.control.ButtonType("Stop It and Quit",
            javafx.scene.control.ButtonBar.ButtonData.OTHER);
    static final javafx.scene.control.ButtonType KEEP_AND_QUIT = new javafx.scene.control.ButtonType("Keep It and Quit",
            javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    /**
     * Whether the window may close now. A rehearsal this window started keeps running after Dockhand quits
     * (its own process and containers): ask whether to stop it first, or to leave it, saying how to stop it.
     */
    private boolean mayClose(Stage stage) {
        String rehearsal = deployPage.rehearsalProperty().get();
        if (rehearsal == null) {
            return true;
        }
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION, "",
                STOP_AND_QUIT, KEEP_AND_QUIT, javafx.scene.control.ButtonType.CANCEL);
        ask.initOwner(stage);
        ask.setTitle("Quit Dockhand");
        ask.setHeaderText("The rehearsal " + rehearsal + " is still running");
        ask.setContentText("It keeps running after Dockhand closes, with its containers on your Docker engine. Stop it later "
                + "with `" + dev.dockhand.pipeline.NextCommands.stop(dev.dockhand.pipeline.NextCommands.launcher(), model.projectProperty().get().folder(), true).line() + "`, or from the "
                + "monitoring window (File > Monitor a Service…).");
        ask.getDialogPane().setPrefWidth(620);
        var choice = ask.showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL);
        if (choice == KEEP_AND_QUIT) {
            return true;
        }
        if (choice == STOP_AND_QUIT) {
            deployPage.rehearsalProperty().addListener((obs, old, now) -> {
                if (now == null) {
                    stage.close();
                    javafx.application.Platform.exit();
                }
            });
            deployPage.stopRehearsalNow(); // the quit question was the question
        }
        return false;
    }

    private static void addIcons(Stage stage) {
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            stage.getIcons().add(new javafx.scene.image.Image(WizardWindow.class
                    .getResource("/dev/dockhand/ui/icons/dockhand-" + size + ".png").toExternalForm()));
        }
    }

    public WizardModel model() {
        return model;
    }

    public ProjectPageModel projectPage() {
        return projectPage;
    }

    public DockerfilePageModel dockerfilePage() {
        return dockerfilePage;
    }

    public ConfigPageModel configPage() {
        return configPage;
    }

    public BuildPageModel buildPage() {
        return buildPage;
    }

    public TestPageModel testPage() {
        return testPage;
    }

    public TargetPageModel targetPage() {
        return targetPage;
    }

    public PushPageModel pushPage() {
        return pushPage;
    }

    public DeployPageModel deployPage() {
        return deployPage;
    }

    public Scene scene() {
        return scene;
    }

    private static FXMLLoader loader(String fxml, Object controller) {
        FXMLLoader loader = new FXMLLoader(WizardWindow.class.getResource("/dev/dockhand/ui/" + fxml));
        loader.setControllerFactory(type -> {
            if (type.isInstance(controller)) {
                return controller;
            }
            throw new IllegalStateException("no controller for " + type);
        });
        return loader;
    }

    private static <T> T load(FXMLLoader loader) {
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + loader.getLocation(), e);
        }
    }
}
