package dev.dockhand.ui;

import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.AwsConnection;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.StepState;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard with the local rehearsal as target: no AWS account, the same service shape on Docker. */
@Tag("docker")
@ExtendWith(ApplicationExtension.class)
class WizardLocalFlowTest {

    @TempDir
    static Path temp;

    private Path project;
    private WizardWindow window;
    private BackgroundTasks tasks;
    private DockerSession docker;
    private Stage stage;

    @BeforeAll
    static void requirements() {
        Display.require();
        DockerCli.requireEngine();
        System.setProperty("dockhand.state.dir", temp.resolve("state").toString());
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        project = Fixtures.copy("node-npm", Files.createTempDirectory(temp, "local"));
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        recent.add(project);
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        window = new WizardWindow(tasks, recent, docker, AwsConnection.toAws(), "test");
        window.show(stage);
    }

    @AfterEach
    void stop() throws Exception {
        tasks.close();
        docker.close();
        new LocalSteps().destroy("node-npm", Duration.ofSeconds(60));
        String image = window.buildPage().referenceProperty().get();
        if (image != null && !image.isBlank()) {
            DockerCli.docker("rmi", "-f", image);
        }
        System.clearProperty("dockhand.state.dir");
    }

    @Test
    void rehearsesTheServiceLocallyWithoutAws(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 1
                        && robot.lookup(".recent-list .list-cell").tryQuery().isPresent());
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.dockerfilePage().dockerfileProperty().get().contains("FROM"));
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.CONFIGURATION));
        robot.clickOn("#nextButton");
        robot.clickOn("#applyButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.BUILD));
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.buildPage().referenceProperty().get().isBlank());
        robot.clickOn("#buildButton");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> window.buildPage().builtProperty().get() != null);
        robot.clickOn("#nextButton");
        robot.clickOn("#testButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.TARGET));

        robot.clickOn("#nextButton");
        robot.clickOn("#localChoice");
        robot.clickOn("#checkButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.DEPLOY));
        Screenshots.take(robot, stage.getScene().getRoot(), "local-1-target");
        robot.clickOn("#nextButton"); // Push: done, nothing to push
        robot.clickOn("#nextButton");
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.DEPLOY);
        WaitForAsyncUtils.waitForFxEvents();
        // The step says what it does for a rehearsal: no CloudFormation, no change set, no stack.
        assertThat(robot.lookup("#titleLabel").queryAs(Label.class).getText()).isEqualTo("Start the local rehearsal");
        assertThat(visibleTexts(robot.lookup("#deployButton").queryAs(javafx.scene.Node.class).getParent().getParent()))
                .noneMatch(t -> t.contains("CloudFormation") || t.contains("change set") || t.contains("Stack"));
        assertThat(robot.lookup("#fastTimingsBox").queryAs(javafx.scene.control.CheckBox.class).isSelected())
                .as("fast timings are the rehearsal's default, shown").isTrue();
        robot.clickOn("#deployButton");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> window.deployPage().resultProperty().get() != null
                || window.deployPage().errorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.deployPage().errorProperty().get()).isNull();
        String url = window.deployPage().resultProperty().get().url();
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText())
                .isEqualTo("The rehearsal is running (2 replicas behind the local load balancer)");
        assertThat(robot.lookup("#urlLink").queryAs(javafx.scene.control.Hyperlink.class).getText()).isEqualTo(url);
        javafx.scene.control.Button again = robot.lookup("#deployButton").queryButton();
        assertThat(again.getText()).as("a second start rolls the new image in").isEqualTo("_Update Rehearsal");
        assertThat(again.getStyleClass()).doesNotContain("accent");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        Screenshots.take(robot, stage.getScene().getRoot(), "local-2-deployed");

        // Every page and the monitoring window, at a laptop's size and a small one, light and dark: nothing
        // that matters (the page's title, Next, the window's tabs) falls outside the window.
        everyScreenAtEverySize(robot);

        // Quitting with the rehearsal running asks first, and says it keeps running otherwise.
        // Later, not inside interact(): the question's nested event loop would block this thread until it is answered.
        javafx.application.Platform.runLater(() -> stage.fireEvent(new javafx.stage.WindowEvent(stage,
                javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Keep It and Quit").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .content").queryAs(Label.class).getText()).contains("keeps running after Dockhand closes")
                .contains("dockhand destroy");
        Screenshots.take(robot, robot.lookup(".dialog-pane").queryAs(javafx.scene.Parent.class), "local-3-quit-question");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isTrue();

        // A real finish: the address as a link to copy or open, and a Stop button.
        assertThat(robot.lookup("#urlLink").queryAs(javafx.scene.control.Hyperlink.class).getText()).isEqualTo(url);
        // Fired rather than clicked: after the question closes, Xvfb (no window manager) may give a click to
        // focusing the window instead of the button.
        Button copyUrl = robot.lookup("#copyUrlButton").queryButton();
        String said = WaitForAsyncUtils.asyncFx(() -> {
            copyUrl.fire();
            return copyUrl.getText();
        }).get();
        assertThat(said).as("the button says it worked").isEqualTo("Copied \u2713");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> url.equals(WaitForAsyncUtils.asyncFx(
                () -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> copyUrl.getText().equals("_Copy Address"));
        // Stop Rehearsal asks first, on the page; only the yes stops it.
        robot.interact(() -> robot.lookup("#stopRehearsalButton").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.deployPage().questionProperty().get()).startsWith("Stop the rehearsal node-npm?");
        assertThat(robot.lookup("#yesButton").queryButton().getText()).isEqualTo("_Stop Rehearsal");
        assertThat(new LocalSteps().running()).contains("node-npm");
        robot.interact(() -> robot.lookup("#yesButton").queryButton().fire());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.deployPage().rehearsalProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents(); // the status is set just after, in the same FX event
        assertThat(window.deployPage().statusProperty().get()).contains("is stopped");
        assertThat(new LocalSteps().running()).noneMatch(name -> name.equals("node-npm"));
        assertThat(window.model().states().get(WizardStep.DEPLOY)).as("nothing deployed runs now").isEqualTo(StepState.READY);
        assertThat(window.model().states().get(WizardStep.MONITOR)).isEqualTo(StepState.LOCKED);
    }

    private static final int[][] SIZES = {{1366, 860}, {1024, 700}};

    private void everyScreenAtEverySize(FxRobot robot) throws Exception {
        for (int[] size : SIZES) {
            for (boolean dark : new boolean[] {false, true}) {
                robot.interact(() -> {
                    Theme.apply(dark);
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                for (WizardStep step : WizardStep.values()) {
                    robot.interact(() -> window.model().currentProperty().set(step));
                    WaitForAsyncUtils.waitForFxEvents();
                    String shot = "wizard-" + size[0] + "x" + size[1] + "-" + (dark ? "dark" : "light") + "-"
                            + (step.ordinal() + 1) + "-" + step.name().toLowerCase(java.util.Locale.ROOT);
                    Label title = robot.lookup("#pageHolder .title-2").match(WizardLocalFlowTest::shown).queryAs(Label.class);
                    assertInside(title, shot + ": the page title");
                    assertInside(robot.lookup("#nextButton").queryButton(), shot + ": Next");
                    if (step == WizardStep.CONFIGURATION) { // node-npm reads no variables: one line says so
                        assertInside(robot.lookup("#noVariablesLabel").queryAs(Label.class), shot + ": no variables");
                    }
                    Screenshots.take(robot, stage.getScene().getRoot(), shot);
                }
            }
        }
        robot.interact(() -> window.model().currentProperty().set(WizardStep.MONITOR));
        WaitForAsyncUtils.waitForFxEvents();
        // The finish: where it runs, its address to copy, and the commands that watch, load and stop it.
        String url = window.deployPage().resultProperty().get().url();
        assertThat(robot.lookup("#finishHeading").queryAs(Label.class).getText()).startsWith("The rehearsal ")
                .endsWith(" runs on your Docker engine");
        assertThat(robot.lookup("#finishUrl").queryAs(javafx.scene.control.Hyperlink.class).getText()).isEqualTo(url);
        robot.clickOn("#finishCopyUrl");
        assertThat(WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get()).isEqualTo(url);
        assertThat(robot.lookup("#finishCommands .text-field").queryAll()).extracting(n -> ((javafx.scene.control.TextField) n).getText())
                .containsExactly(dev.dockhand.pipeline.NextCommands.of(window.model().projectProperty().get().folder(), true).stream()
                        .map(dev.dockhand.pipeline.NextCommands.Command::line).toArray(String[]::new));
        robot.clickOn("#openMonitorButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> monitorStage() != null);
        Stage monitor = monitorStage();
        for (int[] size : SIZES) {
            for (boolean dark : new boolean[] {false, true}) {
                robot.interact(() -> {
                    Theme.apply(dark);
                    monitor.setWidth(size[0]);
                    monitor.setHeight(size[1]);
                });
                WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS); // a poll or two fill the tables and charts
                WaitForAsyncUtils.waitForFxEvents();
                String shot = "monitor-" + size[0] + "x" + size[1] + "-" + (dark ? "dark" : "light");
                assertInside(monitor.getScene().lookup("#tabs"), shot + ": the tabs");
                assertInside(monitor.getScene().lookup("#loadButton"), shot + ": Generate load");
                javafx.scene.control.Label counts = (javafx.scene.control.Label) monitor.getScene().lookup("#countsLabel");
                assertThat(counts.getText()).contains("Pending");
                assertThat(counts.getWidth()).as(shot + ": the counts are not cut short")
                        .isGreaterThanOrEqualTo(counts.prefWidth(-1) - 0.5);
                Screenshots.take(robot, monitor.getScene().getRoot(), shot);
            }
        }
        robot.interact(() -> {
            monitor.close();
            Theme.apply(false);
            stage.setWidth(1100);
            stage.setHeight(740);
            window.model().currentProperty().set(WizardStep.DEPLOY);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Stage monitorStage() {
        return (Stage) javafx.stage.Window.getWindows().stream()
                .filter(w -> w != stage && w instanceof Stage st && String.valueOf(st.getTitle()).contains("(local rehearsal)"))
                .findFirst().orElse(null);
    }

    /** Whether {@code node} and every parent of it are visible. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** {@code node} is shown and lies wholly inside its window. */
    private static void assertInside(javafx.scene.Node node, String what) {
        assertThat(node).as(what).isNotNull();
        assertThat(shown(node)).as(what + " is shown").isTrue();
        javafx.geometry.Bounds bounds = node.localToScene(node.getBoundsInLocal());
        javafx.scene.Scene scene = node.getScene();
        assertThat(bounds.getWidth()).as(what + " has a size").isPositive();
        assertThat(bounds.getMinX() >= 0 && bounds.getMinY() >= 0 && bounds.getMaxX() <= scene.getWidth() + 0.5
                && bounds.getMaxY() <= scene.getHeight() + 0.5).as(what + " inside the window: " + bounds + " in "
                + scene.getWidth() + "x" + scene.getHeight()).isTrue();
    }

    /** The texts of the labels and buttons shown under {@code root}. */
    private static java.util.List<String> visibleTexts(javafx.scene.Parent root) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        root.lookupAll(".labeled").forEach(node -> {
            if (node instanceof javafx.scene.control.Labeled labeled && labeled.isVisible() && labeled.getText() != null
                    && isShown(labeled)) {
                texts.add(labeled.getText());
            }
        });
        return texts;
    }

    private static boolean isShown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
