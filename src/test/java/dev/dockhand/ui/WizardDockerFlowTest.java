package dev.dockhand.ui;

import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Build and Test pages against the real engine: build with live log, then a healthy local test. */
@Tag("docker")
@ExtendWith(ApplicationExtension.class)
class WizardDockerFlowTest {

    @TempDir
    static Path temp;

    private Path project;
    private WizardWindow window;
    private BackgroundTasks tasks;
    private DockerSession docker;

    @BeforeAll
    static void requirements() {
        Display.require();
        DockerCli.requireEngine();
    }

    @Start
    void start(Stage stage) throws Exception {
        project = Fixtures.copy("node-npm", Files.createTempDirectory(temp, "flow"));
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        recent.add(project);
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        window = new WizardWindow(tasks, recent, docker, dev.dockhand.ui.wizard.AwsConnection.toAws(), "test");
        window.show(stage);
    }

    @AfterEach
    void stop() {
        tasks.close();
        docker.close();
        String image = window.buildPage().referenceProperty().get();
        if (image != null && !image.isBlank()) {
            DockerCli.docker("rmi", "-f", image);
        }
    }

    @Test
    void buildsTheImageAndTestsItHealthy(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 1);
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> window.dockerfilePage().dockerfileProperty().get().contains("FROM node:"));
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(project.resolve("Dockerfile")));

        robot.clickOn("#nextButton");
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.CONFIGURATION);
        robot.clickOn("#applyButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.BUILD));
        robot.clickOn("#nextButton");
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.BUILD);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.buildPage().referenceProperty().get().isBlank());
        assertThat(window.buildPage().referenceProperty().get()).startsWith("node-npm:");
        robot.clickOn("#buildButton");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> window.buildPage().builtProperty().get() != null
                || window.buildPage().errorProperty().get() != null);
        assertThat(window.buildPage().errorProperty().get()).isNull();
        assertThat(window.buildPage().log()).anyMatch(l -> l.startsWith("Step 1/"));
        // Single-spaced, and it ends with what came of the build: how long it took and how big the image is.
        assertThat(window.buildPage().log()).noneMatch(l -> l.isBlank() || l.endsWith("\n"));
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> log = window.buildPage().log();
        assertThat(log.get(log.size() - 1)).matches("Built node-npm:\\S+ in [0-9.]+ s; image size [0-9.]+ (kB|MB|GB)\\.");
        assertThat(robot.lookup("#logList .list-cell").queryAll()).allSatisfy(cell ->
                assertThat(((javafx.scene.layout.Region) cell).getHeight()).isLessThanOrEqualTo(24));
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "build-log");
        assertThat(robot.lookup("#contextLabel").queryAs(Label.class).getText()).contains("files");
        assertThat(DockerCli.docker("image", "inspect", window.buildPage().builtProperty().get().image()).ok()).isTrue();

        robot.clickOn("#nextButton");
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.TEST);
        // The Test page is made now, after the project was opened and built: it shows both.
        assertThat(robot.lookup("#imageLabel").queryAs(Label.class).getText())
                .isEqualTo(window.buildPage().builtProperty().get().image());
        assertThat(robot.lookup("#healthLabel").queryAs(Label.class).getText()).startsWith("GET /");
        robot.clickOn("#testButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.testPage().resultProperty().get() != null
                || window.testPage().errorProperty().get() != null);
        assertThat(window.testPage().resultProperty().get().healthy()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#answerLabel").queryAs(Label.class).getText()).startsWith("200 in ");
        assertThat(window.model().states().get(WizardStep.TEST).name()).isEqualTo("DONE");
        assertThat(DockerCli.docker("ps", "-aq", "--filter", "label=dev.dockhand.trial").output().strip()).isEmpty();
    }
}
