package dev.dockhand.ui;

import dev.dockhand.docker.Containers;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.local.LoadGenerator;
import dev.dockhand.local.Rehearsal;
import dev.dockhand.local.RehearsalLogs;
import dev.dockhand.local.RehearsalSpec;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorWindow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring window on a local rehearsal: replicas, a stopped task and its replacement, logs, polling. */
@Tag("docker")
@ExtendWith(ApplicationExtension.class)
class MonitorWindowTest {

    @TempDir
    static Path temp;

    private static final String IMAGE = "dockhand-test/monitor:" + UUID.randomUUID().toString().substring(0, 8);
    private static DockerEngine engine;
    private Rehearsal rehearsal;
    private BackgroundTasks tasks;
    private MonitorWindow window;
    private Stage stage;

    @BeforeAll
    static void image() throws Exception {
        Display.require();
        DockerCli.requireEngine();
        DockerCli.Result build = DockerCli.docker(Fixtures.trial("scaling", temp), 300, "build", "-t", IMAGE, ".");
        assertThat(build.ok()).as(build.output()).isTrue();
        engine = DockerEngine.connect();
    }

    @AfterAll
    static void removeImage() {
        DockerCli.docker("rmi", "-f", IMAGE);
        if (engine != null) {
            engine.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        RehearsalSpec spec = new RehearsalSpec("mon-" + UUID.randomUUID().toString().substring(0, 6), IMAGE, 3000, "/health",
                256, 256, 2, 2, 3, 30, Duration.ofSeconds(1), Duration.ofSeconds(5),
                new RehearsalSpec.HealthCheck(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2, dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
        rehearsal = new Rehearsal(new Containers(engine), spec, Clock.systemUTC());
        rehearsal.start();
        assertThat(rehearsal.awaitHealthy(Duration.ofSeconds(90))).isTrue();
        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new MonitorWindow(watch(rehearsal), tasks);
        window.show(stage);
    }

    private static ServiceWatch watch(Rehearsal rehearsal) {
        RehearsalLogs logs = new RehearsalLogs(new Containers(engine), rehearsal.name());
        return new ServiceWatch() {
            @Override
            public String name() {
                return rehearsal.name() + " (local rehearsal)";
            }

            @Override
            public Duration period() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration chartWindow() {
                return Duration.ofMinutes(10);
            }

            @Override
            public ServiceSnapshot poll() throws dev.dockhand.pipeline.StepException {
                if (stopped) {
                    throw new dev.dockhand.pipeline.ServiceGone("No local rehearsal named " + rehearsal.name() + " is running.");
                }
                return rehearsal.snapshot();
            }

            @Override
            public void setDesired(int count) {
                rehearsal.setDesired(count);
            }

            @Override
            public void stopTask(String taskId) {
                rehearsal.stopTask(taskId);
            }

            @Override
            public java.util.Set<Action> actions() {
                return java.util.EnumSet.of(Action.LOGS, Action.LOAD);
            }

            @Override
            public LoadGenerator.Report generateLoad(String path, Duration duration, int clients,
                                                     java.util.function.Consumer<LoadGenerator.Progress> progress) {
                try {
                    return LoadGenerator.run(URI.create(rehearsal.url() + path), duration, clients, progress);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public java.util.List<dev.dockhand.monitor.LogLine> newLogLines() {
                try {
                    return logs.newLines();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return java.util.List.of();
                }
            }
        };
    }

    /** The rehearsal was stopped from elsewhere (Stop Rehearsal, destroy): its watch says it is gone. */
    private static volatile boolean stopped;

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get(); // stops polling before the executor goes away
        tasks.close();
        if (!stopped) {
            rehearsal.close();
        }
        stopped = false;
    }

    @Test
    void aRehearsalStoppedElsewhereIsShownStoppedWithNoTasksAndNoActions(FxRobot robot) throws Exception {
        TableView<TaskInfo> table = robot.lookup(".table-view").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> now(table.getItems()).stream()
                .filter(t -> t.status().equals("RUNNING")).count() == 2);

        rehearsal.close();
        stopped = true;
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> window.model().goneProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#statusBadge").queryAs(javafx.scene.control.Label.class).getText()).contains("STOPPED");
        assertThat(now(table.getItems())).as("no task is shown running").isEmpty();
        assertThat(robot.lookup("#loadButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#stopTaskButton").queryButton().isDisabled()).isTrue();
        assertThat(window.model().errorProperty().get()).contains("is stopped: nothing runs to watch or act on");
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-rehearsal-stopped");
    }

    @Test
    void showsReplicasAndATaskStoppedAndReplaced(FxRobot robot) throws Exception {
        TableView<TaskInfo> table = robot.lookup(".table-view").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> now(table.getItems()).stream()
                .filter(t -> t.status().equals("RUNNING") && t.health().equals("HEALTHY")).count() == 2);
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-1-replicas");

        String victim = table.getItems().get(0).id();
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#stopTaskButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Stop task").tryQuery().isPresent());
        Button stop = robot.lookup("Stop task").queryButton();
        assertThat(stop.isDefaultButton()).as("Enter does not stop a task").isFalse();
        robot.clickOn("Stop task");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> now(table.getItems()).stream().anyMatch(t -> t.id().equals(victim)
                && t.status().equals("STOPPED")) && now(table.getItems()).stream().filter(t -> !t.id().equals(victim)
                && t.status().equals("RUNNING") && t.health().equals("HEALTHY")).count() == 2);
        // Stopped as ECS stops a task: drained, SIGTERM; the reason carries the app's own exit, not a kill's 137.
        assertThat(now(table.getItems())).anyMatch(t -> t.id().equals(victim) && t.status().equals("STOPPED")
                && t.stoppedReason().matches("Stopped from Dockhand's monitoring window \\(exit code (0|143)\\)"));
        robot.interact(() -> table.getItems().stream().filter(t -> t.id().equals(victim)).findFirst()
                .ifPresent(t -> table.getSelectionModel().select(t)));
        assertThat(robot.lookup("#stopTaskButton").queryButton().isDisabled()).as("a stopped task cannot be stopped").isTrue();
        // Scaling under generated load, with the product's fast timings: MonitorScalingTest.
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    @Test
    void followsTheReplicasLogs(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().size() - 1));
        ListView<dev.dockhand.monitor.LogLine> log = robot.lookup("#logList").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> now(log.getItems()).stream()
                .filter(line -> line.message().equals("listening on 3000")).count() == 2);
        assertThat(log.getItems()).extracting(dev.dockhand.monitor.LogLine::stream).as("each line's task")
                .containsAll(rehearsal.snapshot().tasks().stream().map(TaskInfo::id).toList());
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-3-log");
    }

    @Test
    void pollsOnlyWhileTheWindowIsShown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().isPolling());
        robot.interact(() -> stage.setIconified(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().isPolling()).isFalse();
        robot.interact(stage::hide);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().isPolling()).isFalse();
        // Without a window manager (Xvfb) de-iconifying is not reported back; showing the window again is.
        robot.interact(() -> {
            stage.setIconified(false);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().isPolling()).isTrue();
    }

    /** A table's or list's rows as the FX thread has them now: the list changes under a reader on another thread. */
    private static <T> java.util.List<T> now(javafx.collections.ObservableList<T> items) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(items)).get(10, TimeUnit.SECONDS);
    }
}
