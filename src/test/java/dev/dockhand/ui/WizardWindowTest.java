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
        // Each run has its own rehearsals' folder: none is running unless a test says so.
        System.setProperty("dockhand.state.dir", Files.createDirectories(workspace.resolve("state")).toString());
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
        System.clearProperty("dockhand.state.dir");
    }

    @Test
    void aRehearsalStillRunningIsShownWhenItsProjectIsReopenedAndCanBeWatchedAndStopped(FxRobot robot) throws Exception {
        // A rehearsal started earlier (another session or the CLI): its process and control port are
        // stand-ins here; the name comes from dockhand.yaml's service, as the product names it.
        Files.writeString(existingProject.resolve("dockhand.yaml"), "service: shop-web\n");
        Path stateFile = Path.of(System.getProperty("dockhand.state.dir")).toAbsolutePath().normalize().resolve("shop-web.json");
        // The stand-in carries what Dockhand checks before it trusts a pid: the daemon's word and its state file.
        Process rehearsalProcess = new ProcessBuilder("bash", "-c", "sleep 600; :", "rehearsal-daemon", stateFile.toString()).start();
        com.sun.net.httpserver.HttpServer control = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        control.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().equals("/stop")) {
                rehearsalProcess.destroy();
            }
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/stop") ? 200 : 503, -1);
            exchange.close();
        });
        control.start();
        try {
            Path state = Path.of(System.getProperty("dockhand.state.dir"));
            Files.writeString(state.resolve("shop-web.json"), "{\"name\": \"shop-web\", \"pid\": " + rehearsalProcess.pid()
                    + ", \"url\": \"http://127.0.0.1:41234\", \"controlPort\": " + control.getAddress().getPort()
                    + ", \"token\": \"t\", \"processStartTicks\": " + dev.dockhand.local.ProcessStart.ticks(rehearsalProcess.pid()).orElseThrow()
                    + "}");
            robot.interact(() -> window.projectPage().loadRecent());

            // The recent list marks it, the project opened shows where it runs.
            ListView<?> recent = robot.lookup(".recent-list").queryListView();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".recent-list .list-cell").queryAll().stream()
                    .map(c -> String.valueOf(((javafx.scene.control.Labeled) c).getText()))
                    .anyMatch(t -> t.startsWith("node-npm") && t.endsWith("\u00b7   running")));
            assertThat(robot.lookup(".recent-list .list-cell").queryAll().stream()
                    .map(c -> String.valueOf(((javafx.scene.control.Labeled) c).getText()))
                    .filter(t -> t.startsWith("node-express-issues"))).singleElement().asString().doesNotContain("running");
            robot.interact(() -> recent.getSelectionModel().select(1));
            robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(1).queryAs(javafx.scene.Node.class));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                    && window.model().projectProperty().get().folder().equals(existingProject));
            Label line = robot.lookup("#rehearsalLine").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> line.getParent().isVisible());
            assertThat(line.getText()).isEqualTo("Rehearsal running at http://127.0.0.1:41234");
            Screenshots.take(robot, line.getScene().getRoot(), "project-rehearsal-running");

            // Its button opens the monitoring window on that rehearsal.
            robot.clickOn("#rehearsalMonitorButton");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> javafx.stage.Window.getWindows().stream()
                    .anyMatch(w -> w instanceof Stage st && st.getTitle().startsWith("Dockhand \u2014 shop-web (local rehearsal)")));
            Stage monitor = (Stage) javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof Stage st && st.getTitle().startsWith("Dockhand \u2014 shop-web (local rehearsal)")).findFirst().orElseThrow();
            robot.interact(monitor::close);

            // The Deploy page took it over: Stop Rehearsal stops it, and the Project page forgets it.
            robot.interact(() -> window.model().currentProperty().set(WizardStep.DEPLOY));
            WaitForAsyncUtils.waitForFxEvents();
            Button stop = robot.lookup("#stopRehearsalButton").queryButton();
            assertThat(stop.isVisible()).isTrue();
            robot.interact(stop::fire);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(asked).as("asked first").doesNotContain("/stop");
            robot.interact(() -> robot.lookup("#yesButton").queryButton().fire());
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !rehearsalProcess.isAlive()
                    && window.projectPage().rehearsalProperty().get() == null);
            assertThat(asked).contains("/stop");
            assertThat(state.resolve("shop-web.json")).doesNotExist();
            robot.interact(() -> window.model().currentProperty().set(WizardStep.PROJECT));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(line.getParent().isVisible()).isFalse();
            assertThat(window.projectPage().rehearsing()).isEmpty();
        } finally {
            control.stop(0);
            rehearsalProcess.destroyForcibly();
        }
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
        // Next goes on with open Fix items, and says so.
        long fixes = findings.getItems().stream().filter(f -> f.severity().equals("error")).count();
        assertThat(fixes).isGreaterThan(1);
        assertThat(robot.lookup("#stepHint").queryAs(Label.class).getText())
                .isEqualTo(fixes + " findings are marked Fix: they will break in containers. Next goes on all the same.");
        assertThat(robot.lookup("#nextButton").queryButton().isDisabled()).isFalse();

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
    void aCleanProjectIsOneReadyLineAndTheRuntimeReadsPlainly(FxRobot robot) throws Exception {
        Path clean = Fixtures.copy("node-npm", Files.createDirectories(temp.resolve("run" + run).resolve("clean")));
        // No Node version pinned: Dockhand picks the current LTS and says so.
        Files.writeString(clean.resolve("package.json"), "{\"name\": \"node-npm\", \"private\": true, "
                + "\"scripts\": {\"start\": \"node server.js\"}}\n");
        robot.interact(() -> window.projectPage().open(clean));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                && window.model().projectProperty().get().folder().equals(clean));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.model().projectProperty().get().report().findings()).isEmpty();
        Label ready = robot.lookup("#findingsSummary").queryAs(Label.class);
        assertThat(ready.getText()).isEqualTo("\u2713  Ready for containers: nothing found that would break in a container or "
                + "behind a load balancer.");
        assertThat(robot.lookup(".findings").query().isVisible()).as("no empty findings box").isFalse();
        assertThat(robot.lookup("#stepHint").queryAs(Label.class).getText()).isEmpty();
        Label runtime = robot.lookup((Label l) -> l.getText() != null && l.getText().contains("current LTS")).queryAs(Label.class);
        assertThat(runtime.getText()).isEqualTo("24  \u00b7  current LTS, as the project pins no version");
        Label title = robot.lookup("Readiness").queryAs(Label.class);
        assertThat(title.getWidth()).as("the title is not cut by the ready line").isGreaterThanOrEqualTo(title.prefWidth(-1) - 0.5);
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "project-clean");
    }

    @Test
    void aDotenvLinkedOutsideTheProjectIsAFindingThatNamesItsTargetAndNoneOfItsValues(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(temp.resolve("run" + run));
        Path linked = Fixtures.copy("node-npm", Files.createDirectories(folder.resolve("linked")));
        Path credentials = Files.createDirectories(folder.resolve("home/.aws")).resolve("credentials");
        Files.writeString(credentials, "[default]\naws_secret_access_key=PLANTED-CREDENTIAL\n");
        Files.createSymbolicLink(linked.resolve(".env"), credentials);
        robot.interact(() -> window.projectPage().open(linked));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                && window.model().projectProperty().get().folder().equals(linked));
        WaitForAsyncUtils.waitForFxEvents();

        ListView<ReadinessFinding> findings = robot.lookup(".findings").queryListView();
        assertThat(findings.getItems()).filteredOn(f -> f.id().equals("link-outside-project")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith(".env is a link to " + credentials.toRealPath() + ", outside the project"));
        assertThat(findings.getItems()).noneMatch(f -> f.message().contains("PLANTED") || f.fix().contains("PLANTED"));
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "project-link-outside");
    }

    @Test
    void aDockerfileDockhandSavedIsRecognisedAndNextGoesOnWithoutASave(FxRobot robot) throws Exception {
        openRecent(robot, 0);
        robot.clickOn("#nextButton");
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("FROM node:"));
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(project.resolve(".dockerignore")));
        // The next Enter goes on, not back.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#nextButton").queryButton().isFocused());

        // Opened again, as on another day: the files on disk are the proposal.
        robot.interact(() -> window.projectPage().open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> String.valueOf(window.dockerfilePage().statusProperty().get())
                .startsWith("This is Dockhand's Dockerfile, saved"));
        assertThat(window.model().projectProperty().get().report().findings()).filteredOn(f -> f.id().equals("existing-dockerfile"))
                .extracting(ReadinessFinding::message).containsExactly("The project's Dockerfile was written by Dockhand.");
        robot.interact(() -> window.model().currentProperty().set(WizardStep.DOCKERFILE));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#statusLabel").queryAs(Label.class).getText()).isEqualTo("This is Dockhand's Dockerfile, saved: "
                + "the files in the project are the proposal, so there is nothing to save.");
        assertThat(robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class).getTabs()).extracting(Tab::getText)
                .as("nothing to compare: no Changes tab").containsExactly("Dockerfile", ".dockerignore");
        assertThat(robot.lookup("#existingBanner").query().isVisible()).isFalse();
        assertThat(window.model().canEnter(WizardStep.CONFIGURATION)).isTrue();
        assertThat(robot.lookup("#nextButton").queryButton().isDisabled()).isFalse();
        for (String id : List.of("#resetButton", "#saveButton")) {
            Button button = robot.lookup(id).queryButton();
            assertThat(button.getWidth()).as(id + " keeps its whole label beside a long status").isGreaterThanOrEqualTo(button.prefWidth(-1) - 0.5);
        }
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "dockerfile-own-saved");

        // Saved by an earlier Dockhand and since out of date: still Dockhand's, not "yours".
        Files.writeString(project.resolve("Dockerfile"), Files.readString(project.resolve("Dockerfile"))
                .replace("EXPOSE", "# an older proposal\nEXPOSE"));
        robot.interact(() -> window.projectPage().open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#existingBanner").query().isVisible());
        robot.interact(() -> window.model().currentProperty().set(WizardStep.DOCKERFILE));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#existingText").queryAs(Label.class).getText())
                .startsWith("The project's Dockerfile was written by Dockhand earlier and differs from today's proposal");
        assertThat(robot.lookup("#useExistingButton").queryButton().getText()).isEqualTo("_Keep the Saved One");
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "dockerfile-own-earlier");
    }

    @Test
    void keyboardMovesBetweenStepsSavesWithCtrlSAndShowsWhereFocusIs(FxRobot robot) throws Exception {
        openRecent(robot, 0);
        Button next = robot.lookup("#nextButton").queryButton();
        robot.interact(next::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(isFocusRing(next.getEffect())).as("a solid ring around the focused button").isTrue();
        javafx.scene.Node stepList = robot.lookup("#steps").query();
        robot.interact(stepList::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(isFocusRing(next.getEffect())).as("only where the focus is").isFalse();
        assertThat(stepList.getEffect()).as("no outline around every letter of a list").isNull();

        robot.press(javafx.scene.input.KeyCode.ALT, javafx.scene.input.KeyCode.RIGHT)
                .release(javafx.scene.input.KeyCode.RIGHT, javafx.scene.input.KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.DOCKERFILE);
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("FROM node:"));
        robot.clickOn(dockerfile);
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.S)
                .release(javafx.scene.input.KeyCode.S, javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(project.resolve("Dockerfile")));
        assertThat(Files.readString(project.resolve("Dockerfile"))).isEqualTo(dockerfile.getText());
        Screenshots.take(robot, robot.window(0).getScene().getRoot(), "dockerfile-focus");

        robot.press(javafx.scene.input.KeyCode.ALT, javafx.scene.input.KeyCode.LEFT)
                .release(javafx.scene.input.KeyCode.LEFT, javafx.scene.input.KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.PROJECT);
    }

    /** The focus ring: an outline of the accent colour (the theme's own button shadow is soft and grey). */
    private static boolean isFocusRing(javafx.scene.effect.Effect effect) {
        return effect instanceof javafx.scene.effect.DropShadow shadow && shadow.getSpread() == 1.0 && shadow.getRadius() >= 2;
    }

    @Test
    void fileOpenRecentOpensAProjectTheChooserStartsBesideItAndHelpExplains(FxRobot robot) throws Exception {
        javafx.scene.control.MenuBar bar = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu openRecent = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(item -> "Open _Recent".equals(item.getText())).findFirst().orElseThrow();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> openRecent.getItems().size() == 2);
        assertThat(openRecent.getItems()).extracting(javafx.scene.control.MenuItem::getText).containsExactly(
                "node-express-issues   \u2014   " + project, "node-npm   \u2014   " + existingProject);
        robot.interact(() -> openRecent.getItems().get(1).fire());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                && window.model().projectProperty().get().folder().equals(existingProject));
        assertThat(window.projectPage().chooserStart()).as("the folder chooser opens where the last project is")
                .contains(existingProject.getParent());

        robot.type(javafx.scene.input.KeyCode.F1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#helpText").tryQuery().isPresent());
        assertThat(robot.lookup("#helpText").queryAs(Label.class).getText()).contains("Target: Amazon ECS on Fargate, or a local "
                + "rehearsal").contains("dockhand.yaml").contains("Alt+Right");
        Screenshots.take(robot, robot.lookup(".dialog-pane").queryAs(javafx.scene.Parent.class), "help-getting-started");
        robot.interact(() -> robot.lookup(".dialog-pane .button").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();

        javafx.scene.control.MenuItem logs = bar.getMenus().get(2).getItems().stream()
                .filter(item -> "Where Are the _Logs?".equals(item.getText())).findFirst().orElseThrow();
        javafx.application.Platform.runLater(logs::fire); // later: its dialog waits for an answer
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#helpText").tryQuery().isPresent());
        assertThat(robot.lookup("#helpText").queryAs(Label.class).getText()).contains("standard error")
                .contains(dev.dockhand.pipeline.LocalSteps.stateDirectory().toString());
        robot.interact(() -> robot.lookup(".dialog-pane .button").queryButton().fire());
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
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tabs.getTabs().size() == 3);
        assertThat(tabs.getTabs().get(2).getText()).isEqualTo("Changes to your Dockerfile");
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
        assertThat(robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class).getTabs())
                .extracting(Tab::getText).contains("Changes to your Dockerfile");
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

    @Test
    void thePortAndHealthPathAreChosenBeforeTheDockerfileIsWrittenAndCanBePutBack(FxRobot robot) throws Exception {
        openRecent(robot, 0);
        assertThat(window.model().projectProperty().get().report().findings()).extracting(ReadinessFinding::id)
                .contains("root-health-path");
        assertThat(robot.lookup("3000").tryQuery()).as("the detected port, with no source named").isPresent();

        // The port and health path sit in the summary's columns like every other row, with Edit to their right.
        Label stackName = robot.lookup((Label l) -> "Stack".equals(l.getText())).queryAs(Label.class);
        Label portName = robot.lookup((Label l) -> "Port".equals(l.getText())).queryAs(Label.class);
        Label portValue = robot.lookup((Label l) -> "3000".equals(l.getText())).queryAs(Label.class);
        Button editButton = robot.lookup("#editServing").queryButton();
        assertThat(portName.localToScene(0, 0).getX()).isEqualTo(stackName.localToScene(0, 0).getX());
        assertThat(editButton.localToScene(0, 0).getX()).isGreaterThan(portValue.localToScene(0, 0).getX());
        robot.clickOn("#editServing");
        javafx.scene.control.TextField port = robot.lookup("#servingPort").queryAs(javafx.scene.control.TextField.class);
        javafx.scene.control.TextField path = robot.lookup("#servingHealthPath").queryAs(javafx.scene.control.TextField.class);
        Label problem = robot.lookup("#servingProblem").queryAs(Label.class);
        Button save = robot.lookup((Button b) -> "Save".equals(b.getText()) && b.getScene() == port.getScene()).queryButton();
        robot.interact(() -> port.setText("70000"));
        assertThat(problem.getText()).isEqualTo("The port 70000 is not a TCP port (1-65535).");
        assertThat(save.isDisabled()).isTrue();
        robot.interact(() -> {
            port.setText("8080");
            path.setText("healthz");
        });
        assertThat(problem.getText()).startsWith("The health path \"healthz\" must start with \"/\"");
        assertThat(save.isDisabled()).isTrue();
        robot.interact(() -> path.setText("/healthz"));
        assertThat(problem.getText()).isEmpty();
        Screenshots.take(robot, port.getScene().getRoot(), "project-edit-serving");
        robot.clickOn(save);

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get().report().port() == 8080);
        WaitForAsyncUtils.waitForFxEvents();
        var report = window.model().projectProperty().get().report();
        assertThat(report.portSource()).isEqualTo("dockhand.yaml");
        assertThat(report.healthPath()).isEqualTo("/healthz");
        assertThat(report.findings()).extracting(ReadinessFinding::id).as("the user named the health route")
                .doesNotContain("root-health-path");
        assertThat(robot.lookup("8080   \u00b7   from dockhand.yaml").tryQuery()).isPresent();
        assertThat(robot.lookup("/healthz   \u00b7   from dockhand.yaml").tryQuery()).isPresent();
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).contains("port: 8080").contains("healthPath: /healthz");

        // The Dockerfile written next listens where the user said.
        robot.clickOn("#nextButton");
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("EXPOSE 8080"));
        assertThat(dockerfile.getText()).contains("PORT=8080").contains("/healthz").doesNotContain("EXPOSE 3000");

        // Put back: dockhand.yaml keeps no choice, and the detection speaks again.
        robot.interact(() -> window.model().currentProperty().set(WizardStep.PROJECT));
        robot.clickOn("#editServing");
        robot.clickOn("#servingUseDetected");
        assertThat(robot.lookup("#servingPort").queryAs(javafx.scene.control.TextField.class).getText()).isEqualTo("3000");
        robot.clickOn(robot.lookup((Button b) -> "Save".equals(b.getText())
                && b.getScene() != robot.lookup("#nextButton").queryButton().getScene()).queryButton());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get().report().port() == 3000);
        assertThat(window.model().projectProperty().get().report().portSource()).isEqualTo("detected");
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).doesNotContain("port:").doesNotContain("healthPath:");
        assertThat(Files.list(project).map(p -> p.getFileName().toString()))
                .as("the file Dockhand changed is kept").anyMatch(n -> n.startsWith("dockhand.yaml.") && n.endsWith(".dockhand-backup"));
    }

    @Test
    void aFindingOpensInTheUsersEditorAtItsLine(FxRobot robot) throws Exception {
        // A stand-in editor named like VS Code, which is told the line with --goto; it records what it was given.
        Path bin = Files.createDirectories(temp.resolve("run" + run).resolve("bin"));
        Path told = bin.resolve("told.txt");
        Path editor = bin.resolve("code");
        Files.writeString(editor, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + told + "'\n");
        editor.toFile().setExecutable(true);
        System.setProperty("dockhand.editor", editor.toString());
        try {
            openRecent(robot, 0);
            ListView<ReadinessFinding> findings = robot.lookup(".findings").queryListView();
            // A finding with a line, in a row on screen (the list keeps spare cells out of sight).
            java.util.function.Supplier<java.util.Optional<javafx.scene.control.ListCell<?>>> shownWithLine = () -> findings
                    .lookupAll(".list-cell").stream().<javafx.scene.control.ListCell<?>>map(c -> (javafx.scene.control.ListCell<?>) c)
                    .filter(c -> c.isVisible() && c.getItem() instanceof ReadinessFinding f && f.line() != null
                            && c.lookup(".finding-link") != null && inside(c.lookup(".finding-link"), findings))
                    .findFirst();
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shownWithLine.get().isPresent());
            javafx.scene.control.ListCell<?> row = shownWithLine.get().orElseThrow();
            ReadinessFinding shown = (ReadinessFinding) row.getItem();
            javafx.scene.control.Hyperlink link = (javafx.scene.control.Hyperlink) row.lookup(".finding-link");
            assertThat(link.getText()).isEqualTo(shown.location());
            // Fired rather than clicked: the list rebuilds its rows while it settles after opening, and a click
            // could land on a row just recycled.
            robot.interact(link::fire);
            Label notice = robot.lookup("#findingNotice").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> notice.isVisible());
            assertThat(notice.getText()).isEqualTo("Opened " + shown.location() + " in code.");
            Screenshots.take(robot, robot.window(0).getScene().getRoot(), "project-finding-opened");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(told) && Files.readString(told).endsWith("\n"));
            assertThat(Files.readAllLines(told)).containsExactly("--goto", project.resolve(shown.file()) + ":" + shown.line());
            assertThat(findings.getSelectionModel().getSelectedItem()).isEqualTo(shown);

            // From the keyboard: Enter on a selected finding opens it too.
            Files.delete(told);
            ReadinessFinding other = findings.getItems().stream().filter(f -> f.file() != null && f.line() != null && !f.equals(shown))
                    .findFirst().orElseThrow();
            robot.interact(() -> {
                findings.getSelectionModel().select(other);
                findings.requestFocus();
            });
            robot.type(javafx.scene.input.KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(told) && Files.readString(told).endsWith("\n"));
            assertThat(Files.readAllLines(told)).containsExactly("--goto", project.resolve(other.file()) + ":" + other.line());
        } finally {
            System.clearProperty("dockhand.editor");
        }
    }

    @Test
    void aDockerfileKeptElsewhereIsLoadedInPlaceOfTheProposalAndSaved(FxRobot robot) throws Exception {
        openRecent(robot, 0);
        robot.clickOn("#nextButton");
        TextArea dockerfile = robot.lookup("#dockerfileText").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().contains("FROM node:"));
        assertThat(robot.lookup("#loadButton").queryButton().isDisabled()).isFalse();
        Path own = Files.createDirectories(project.resolve("docker")).resolve("Dockerfile.prod");
        Files.writeString(own, "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"app.js\"]\n");
        Path notOne = project.resolve("docker").resolve("notes.txt");
        Files.writeString(notOne, "remember to deploy\n");

        // The chooser is the system's own dialog; what it returns goes here.
        robot.interact(() -> window.dockerfilePage().loadFrom(notOne));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.dockerfilePage().errorProperty().get() != null);
        assertThat(window.dockerfilePage().errorProperty().get())
                .isEqualTo("Could not load notes.txt: notes.txt has no FROM line, so it is not a Dockerfile that can build an image: "
                        + "choose another file.");
        assertThat(dockerfile.getText()).contains("FROM node:24");

        robot.interact(() -> window.dockerfilePage().loadFrom(own));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dockerfile.getText().startsWith("FROM node:20-alpine"));
        assertThat(window.dockerfilePage().errorProperty().get()).isNull();
        assertThat(robot.lookup("#statusLabel").queryAs(Label.class).getText()).startsWith("Loaded " + own + ". Save writes it");
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(project.resolve("Dockerfile")));
        assertThat(Files.readString(project.resolve("Dockerfile"))).isEqualTo(Files.readString(own));
        assertThat(window.model().states().get(WizardStep.DOCKERFILE).name()).isEqualTo("DONE");
    }

    /** True when all of {@code node} is drawn within {@code area} on screen. */
    private static boolean inside(javafx.scene.Node node, javafx.scene.Node area) {
        javafx.geometry.Bounds shown = node.localToScene(node.getBoundsInLocal());
        javafx.geometry.Bounds within = area.localToScene(area.getBoundsInLocal());
        return shown.getMinY() >= within.getMinY() && shown.getMaxY() <= within.getMaxY();
    }

    private void openRecent(FxRobot robot, int index) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 2);
        ListView<?> recent = robot.lookup(".recent-list").queryListView();
        robot.interact(() -> recent.getSelectionModel().select(index));
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(index).queryAs(javafx.scene.Node.class));
        // The report is put into the page when first shown: until then there is no findings list to ask.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".findings").tryQuery()
                .map(list -> !((ListView<?>) list).getItems().isEmpty()).orElse(false));
    }
}
