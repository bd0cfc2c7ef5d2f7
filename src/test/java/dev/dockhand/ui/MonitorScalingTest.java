package dev.dockhand.ui;

import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.pipeline.StepListener;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorWindow;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaling seen in the monitoring window as a user sees it: a rehearsal started as the Deploy page starts it,
 * with the product's fast timings (the "Fast timings" choice), watched through the product's local watch,
 * under load from the window's own Generate load control.
 */
@Tag("docker")
@ExtendWith(ApplicationExtension.class)
class MonitorScalingTest {

    @TempDir
    static Path temp;

    private static final String IMAGE = "dockhand-test/scaling:" + UUID.randomUUID().toString().substring(0, 8);
    private static final String NAME = "scale-" + UUID.randomUUID().toString().substring(0, 6);
    private BackgroundTasks tasks;
    private MonitorWindow window;
    private Stage stage;

    @BeforeAll
    static void image() throws Exception {
        Display.require();
        DockerCli.requireEngine();
        System.setProperty("dockhand.state.dir", temp.resolve("state").toString());
        DockerCli.Result build = DockerCli.docker(Fixtures.trial("scaling", temp), 300, "build", "-t", IMAGE, ".");
        assertThat(build.ok()).as(build.output()).isTrue();
    }

    @AfterAll
    static void removeImage() throws Exception {
        try {
            new LocalSteps().destroy(NAME, Duration.ofSeconds(60));
        } finally {
            DockerCli.docker("rmi", "-f", IMAGE);
            System.clearProperty("dockhand.state.dir");
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path project = Fixtures.trial("scaling", Files.createDirectories(temp.resolve("project")));
        Files.writeString(project.resolve("package.json"), "{\"name\": \"scaling\", \"private\": true, "
                + "\"scripts\": {\"start\": \"node server.js\"}}\n");
        // The user's own settings: two replicas, up to three, a 30 % CPU target. The timings are the product's.
        Files.writeString(project.resolve(ProjectSettings.FILE), "service: " + NAME + "\nport: 3000\nhealthPath: /health\n"
                + "cpu: 256\nmemory: 512\ndesired: 2\nmin: 2\nmax: 3\ncpuTarget: 30\n");
        var spec = LocalSteps.spec(OpenedProject.open(project, null), ProjectSettings.load(project), IMAGE, LocalSteps.Tuning.fast());
        new LocalSteps().deploy(spec, Duration.ofMinutes(3), new StepListener() {
        });
        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new MonitorWindow(ServiceWatch.local(NAME), tasks);
        window.show(stage);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get(); // stops polling before the executor goes away
        tasks.close();
    }

    @Test
    void scalesOutUnderGeneratedLoadAndInAfterItWithTheFastTimings(FxRobot robot) throws Exception {
        robot.clickOn("#loadButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loadPath").tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#loadPath").queryAs(javafx.scene.control.TextField.class).setText("/burn?ms=40");
            robot.lookup("#loadSeconds").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(90);
            robot.lookup("#loadClients").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(4);
        });
        robot.clickOn("Generate load");
        Label progress = robot.lookup("#scalingProgressLabel").queryAs(Label.class);
        Label loadStatus = robot.lookup("#loadStatusLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(progress::getText).contains("above the 30 % target for"));
        assertThat(onFx(loadStatus::getText)).startsWith("Load on /burn?ms=40: ");
        assertThat(onFx(() -> robot.lookup("#loadButton").queryButton().getText())).isEqualTo("Stop L_oad");

        ListView<String> activity = robot.lookup("#activityList").queryListView();
        WaitForAsyncUtils.waitFor(150, TimeUnit.SECONDS, () -> now(activity.getItems()).stream()
                .anyMatch(a -> a.contains("Setting desired count from 2 to 3")));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-fast-scaled-out");

        WaitForAsyncUtils.waitFor(150, TimeUnit.SECONDS, () -> onFx(loadStatus::getText).contains("done: "));
        assertThat(onFx(loadStatus::getText)).containsPattern("done: [0-9,]+ requests \\([0-9,]+ failed\\)");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> now(activity.getItems()).stream()
                .anyMatch(a -> a.contains("Setting desired count from 3 to 2") && a.contains("AlarmLow")));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-fast-scaled-in");
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static <T> java.util.List<T> now(javafx.collections.ObservableList<T> items) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(items)).get(10, TimeUnit.SECONDS);
    }
}
