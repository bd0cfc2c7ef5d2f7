package dev.dockhand.ui;

import dev.dockhand.pipeline.AnalysisReport.ReadinessFinding;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import dev.dockhand.testing.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard as a user drives it: open a project from the recent list, read findings, save the Dockerfile. */
@ExtendWith(ApplicationExtension.class)
class WizardWindowTest {

    @TempDir
    static Path temp;

    private static int run;
    private Path project;
    private Path existingProject;
    private WizardWindow window;
    private BackgroundTasks tasks;

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("run" + (++run)));
        project = Fixtures.copy("node-express-issues", workspace);
        Files.writeString(project.resolve(".env"), "SESSION_SECRET=s3cr3t\n");
        existingProject = Fixtures.copy("node-npm", workspace);
        Files.writeString(existingProject.resolve("Dockerfile"), "FROM node:latest\nCOPY . .\nCMD [\"npm\", \"start\"]\n");
        RecentProjects recent = new RecentProjects(workspace.resolve("config"));
        recent.add(existingProject);
        recent.add(project); // newest first: the express app is the first entry

        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new WizardWindow(tasks, recent, new dev.dockhand.ui.wizard.DockerSession(), dev.dockhand.ui.wizard.AwsConnection.toAws(), "test");
        window.show(stage);
    }

    @AfterEach
    void stopTasks() {
        tasks.close();
    }

    @Test
    void opensAProjectShowsFindingsAndSavesTheDockerfile(FxRobot robot) throws Exception {
        openRecent(robot, 0);

        ListView<ReadinessFinding> findings = robot.lookup(".findings").queryListView();
        assertThat(findings.getItems()).extracting(ReadinessFinding::id)
                .contains("in-memory-session", "loopback-bind", "localhost-database-url", "secret-in-context",
                        "no-sigterm-handler", "local-disk-write");
        assertThat(findings.getItems()).noneMatch(f -> f.message().contains("s3cr3t"));
        assertThat(robot.lookup("Node.js \u00b7 express").tryQuery()).isPresent();

        robot.clickOn("#nextButton");
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("FROM node:"));
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.DOCKERFILE);

        robot.clickOn("#saveButton");
        Label status = robot.lookup("#statusLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> String.valueOf(status.getText()).startsWith("Saved"));

        assertThat(Files.readString(project.resolve("Dockerfile"))).isEqualTo(dockerfile.getText())
                .contains("FROM node:24-bookworm-slim").contains("USER node");
        assertThat(Files.readString(project.resolve(".dockerignore"))).contains(".env");
        assertThat(window.model().states().get(WizardStep.DOCKERFILE).name()).isEqualTo("DONE");
    }

    @Test
    void editsAreSavedAsTyped(FxRobot robot) throws Exception {
        openRecent(robot, 0);
        robot.clickOn("#nextButton");
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("FROM node:"));

        robot.interact(() -> dockerfile.appendText("# tuned by hand\n"));
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(project.resolve("Dockerfile")));

        assertThat(Files.readString(project.resolve("Dockerfile"))).endsWith("# tuned by hand\n");
    }

    @Test
    void anExistingDockerfileIsDiffedAndReplacedOnlyAfterConfirmationWithABackup(FxRobot robot) throws Exception {
        openRecent(robot, 1);
        robot.clickOn("#nextButton");
        Tab changes = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class).getTabs().get(2);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !changes.isDisable());
        ListView<String> diff = robot.lookup("#diffList").queryListView();
        assertThat(diff.getItems()).contains("-FROM node:latest", "+FROM node:20-bookworm-slim");

        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Replace").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Files.readString(existingProject.resolve("Dockerfile"))).startsWith("FROM node:latest");

        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Replace").tryQuery().isPresent());
        robot.clickOn((Button) robot.lookup("Replace").query());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Files.readString(existingProject.resolve("Dockerfile")).contains("node:20-bookworm-slim"));
        try (Stream<Path> files = Files.list(existingProject)) {
            List<Path> backups = files.filter(f -> f.toString().endsWith(".dockhand-backup")).toList();
            assertThat(backups).hasSize(1);
            assertThat(Files.readString(backups.get(0))).startsWith("FROM node:latest");
        }
    }

    @Test
    void aPageMadeAfterItsModelWasFilledShowsWhatTheModelHolds(FxRobot robot) throws Exception {
        // Pages are made when first shown: here the Dockerfile page after the files were read and compared.
        openRecent(robot, 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.dockerfilePage().diffProperty().get().isEmpty());

        robot.clickOn("#nextButton");
        Tab changes = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class).getTabs().get(2);
        assertThat(changes.isDisable()).isFalse();
        assertThat(robot.lookup("#diffList").queryListView().getItems()).contains("-FROM node:latest");
        assertThat(robot.lookup("#existingBanner").query().isVisible()).isTrue();
        assertThat(robot.lookup("#dockerfileText").queryAs(TextArea.class).getText()).contains("FROM node:20-bookworm-slim");
    }

    @Test
    void aFolderThatCannotBeAnalysedShowsTheReasonAndStaysOnTheProjectStep(FxRobot robot) throws Exception {
        Path broken = Fixtures.copy("broken-package-json", temp.resolve("run" + run));
        robot.interact(() -> window.projectPage().open(broken));
        Label error = robot.lookup(".error-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, error::isVisible);

        assertThat(error.getText()).contains("package.json is not valid JSON at line 5");
        assertThat(robot.lookup("#nextButton").queryButton().isDisabled()).isTrue();
    }

    @Test
    void theProjectPageSaysWhyItChoseTheStartCommand(FxRobot robot) throws Exception {
        Path nest = Fixtures.copy("node-nest-api", temp.resolve("run" + run));
        robot.interact(() -> window.projectPage().open(nest));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                && window.model().projectProperty().get().folder().endsWith("node-nest-api"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("node dist/main").tryQuery()).isPresent();
        Label reason = robot.lookup((Label l) -> l.getText() != null && l.getText().contains("runs `nest start`"))
                .queryAs(Label.class);
        assertThat(reason.getText()).contains("Nest's development runner").contains("the build's output is started instead");
        assertThat(robot.lookup("/api/health").tryQuery()).isPresent();
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "project-start-reason");
    }

    private void openRecent(FxRobot robot, int index) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 2);
        ListView<?> recent = robot.lookup(".recent-list").queryListView();
        robot.interact(() -> recent.getSelectionModel().select(index));
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(index).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> !robot.lookup(".findings").queryListView().getItems().isEmpty());
    }
}
