package dev.dockhand.ui;

import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ScalingActivity;
import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.ServiceEvent;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TargetInfo;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorWindow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring window's layout and empty states at the smallest size it supports (1024x700), fed by a
 * source whose snapshots the test sets: what the user reads before anything has happened, and after.
 */
@ExtendWith(ApplicationExtension.class)
class MonitorLayoutTest {

    private static final String LONG_EVENT = "(service shop) has stopped 1 running tasks: (task 0f3c1a9b2d4e). Task failed "
            + "container health checks: the health path /health answered 503 three times in a row, so the service replaced it.";

    private volatile List<ScalingActivity> activities = List.of();
    private volatile List<ServiceEvent> events = List.of();
    private BackgroundTasks tasks;
    private MonitorWindow window;
    private Stage stage;

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.apply(Boolean.getBoolean("dockhand.dark"));
        tasks = new BackgroundTasks();
        window = new MonitorWindow(new Watch(), tasks);
        window.show(stage);
        stage.setWidth(1024);
        stage.setHeight(700);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get();
        window.model().close();
        tasks.close();
    }

    @Test
    void emptyListsSayWhatFillsThem(FxRobot robot) throws Exception {
        awaitSnapshot();
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        Label activity = robot.lookup("#activityPlaceholder").queryAs(Label.class);
        assertThat(shown(activity)).isTrue();
        assertThat(activity.getText()).isEqualTo("No scaling activity yet: a task is added when average CPU stays above the 50 % "
                + "target for 3 periods of 1 min, and one is removed after 15 periods below 45 % (between 1 and 4 tasks). "
                + "Generate load to see it happen.");
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-1024-empty-activity");

        robot.interact(() -> tabs.getSelectionModel().select(2));
        Label noEvents = robot.lookup("#eventsPlaceholder").queryAs(Label.class);
        assertThat(shown(noEvents)).isTrue();
        assertThat(noEvents.getText()).startsWith("No service events yet: they appear when tasks start, stop or are replaced");

        // Once there is something to show, it replaces the placeholder, and a long line wraps inside the list.
        Instant now = Instant.now();
        activities = List.of(new ScalingActivity(now, "monitor alarm TargetTracking-shop-AlarmHigh in state ALARM triggered policy cpu",
                "Setting desired count from 2 to 3.", "Successful"));
        events = List.of(new ServiceEvent(now, LONG_EVENT));
        ListView<String> eventList = robot.lookup("#eventList").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> eventList.getItems().size()) == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown(noEvents)).isFalse();
        ListCell<?> cell = robot.lookup("#eventList .list-cell").nth(0).queryAs(ListCell.class);
        javafx.scene.text.Text drawn = robot.from(cell).lookup(".wrapped-line").queryAs(javafx.scene.text.Text.class);
        assertThat(drawn.getText()).endsWith(LONG_EVENT);
        Bounds textBounds = bounds(drawn);
        Bounds cellBounds = bounds(cell);
        Bounds listBounds = bounds(eventList);
        assertThat(textBounds.getHeight()).as("the event line wraps onto more lines").isGreaterThan(2.5 * drawn.getFont().getSize());
        assertThat(textBounds.getMaxX()).as("the event line stays inside the list").isLessThanOrEqualTo(listBounds.getMaxX());
        assertThat(textBounds.getMaxY()).as("the cell is as tall as the wrapped line").isLessThanOrEqualTo(cellBounds.getMaxY() + 0.5);
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-1024-events");

        robot.interact(() -> tabs.getSelectionModel().select(1));
        ListView<String> activityList = robot.lookup("#activityList").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> activityList.getItems().size()) == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown(activity)).isFalse();
    }

    @Test
    void runningTasksHaveTheirOwnAxisAndEverythingFitsAt1024x700(FxRobot robot) throws Exception {
        awaitSnapshot();
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> cpuChart = robot.lookup("#cpuChart").queryAs(LineChart.class);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> tasksChart = robot.lookup("#tasksChart").queryAs(LineChart.class);
        // Ten metric periods, then the count read at this poll: the chart ends where the header's count is.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> tasksChart.getData().get(0).getData().size()) == 11);
        List<XYChart.Data<Number, Number>> taskPoints = tasksChart.getData().get(0).getData();
        assertThat(taskPoints.get(9).getYValue().intValue()).as("the last period had 3").isEqualTo(3);
        assertThat(taskPoints.get(10).getYValue().intValue()).as("now, as the header says").isEqualTo(2);
        assertThat(robot.lookup("#countsLabel").queryAs(Label.class).getText()).contains("Running 2");
        assertThat(cpuChart.getData()).extracting(XYChart.Series::getName).doesNotContain("Running tasks");
        assertThat(((NumberAxis) cpuChart.getYAxis()).getUpperBound()).isEqualTo(100);
        assertThat(tasksChart.getData()).extracting(XYChart.Series::getName).containsExactly("Running tasks");
        NumberAxis count = (NumberAxis) tasksChart.getYAxis();
        assertThat(count.getLowerBound()).isZero();
        assertThat(count.getUpperBound()).as("room above the maximum of 4 tasks, on a tick").isEqualTo(6);
        assertThat(count.getTickUnit()).as("whole tasks, few labels").isEqualTo(2);
        assertThat(bounds(tasksChart).getHeight()).as("the task chart is drawn").isGreaterThanOrEqualTo(110);
        assertThat(bounds(cpuChart).getHeight()).as("the CPU chart keeps room").isGreaterThan(110);
        assertThat(tasksChart.getXAxis()).isInstanceOf(NumberAxis.class);
        assertThat(((NumberAxis) tasksChart.getXAxis()).getLowerBound()).isEqualTo(((NumberAxis) cpuChart.getXAxis()).getLowerBound());

        Bounds scene = new javafx.geometry.BoundingBox(0, 0, stage.getScene().getWidth(), stage.getScene().getHeight());
        assertThat(scene.getWidth()).isLessThanOrEqualTo(1024);
        List<Node> mustShow = new ArrayList<>();
        for (String id : List.of("#serviceLabel", "#statusBadge", "#countsLabel", "#tabs", "#taskTable", "#targetList",
                "#desiredSpinner", "#applyDesiredButton", "#minSpinner", "#maxSpinner", "#applyBoundsButton", "#stopTaskButton",
                "#loadButton", "#messageLabel")) {
            mustShow.add(robot.lookup(id).query());
        }
        for (Node node : mustShow) {
            Bounds b = bounds(node);
            assertThat(node.isVisible()).as(node.getId() + " is shown").isTrue();
            assertThat(scene.contains(b.getMinX(), b.getMinY()) && b.getMaxX() <= scene.getMaxX() + 0.5
                    && b.getMaxY() <= scene.getMaxY() + 0.5).as(node.getId() + " inside the 1024x700 window: " + b).isTrue();
        }
        // Targets get a real share of the height: more than a three-row list.
        assertThat(bounds(robot.lookup("#targetList").query()).getHeight()).isGreaterThan(120);
        // The header keeps its lines: nothing below it slides up over them.
        assertThat(bounds(robot.lookup("#tabs").query()).getMinY()).isGreaterThanOrEqualTo(bounds(robot.lookup("#countsLabel").query()).getMaxY());

        // Each spinner says what it sets.
        for (String id : List.of("#desiredSpinner", "#minSpinner", "#maxSpinner")) {
            Spinner<?> spinner = robot.lookup(id).queryAs(Spinner.class);
            Label label = robot.lookup((Label l) -> l.getLabelFor() == spinner).queryAs(Label.class);
            assertThat(label.getText()).isIn("Desired", "Min", "Max");
            assertThat(bounds(label).getMaxX()).isLessThanOrEqualTo(bounds(spinner).getMinX());
        }
        // Task columns fit their values; a rehearsal's zone column ("local" in every row) is left out, and so is the
        // stopped reason while no task has stopped.
        javafx.scene.control.TableView<?> table = robot.lookup("#taskTable").queryAs(javafx.scene.control.TableView.class);
        assertThat(table.getColumns().stream().filter(javafx.scene.control.TableColumn::isVisible).map(c -> c.getText()))
                .containsExactly("Task", "Status", "Health", "Address", "Started");
        for (Node cell : robot.lookup("#taskTable .table-cell").queryAll()) {
            javafx.scene.control.TableCell<?, ?> tableCell = (javafx.scene.control.TableCell<?, ?>) cell;
            if (tableCell.getText() != null && !tableCell.getText().isEmpty() && !tableCell.getTableColumn().getText().equals("Stopped reason")) {
                javafx.scene.text.Text drawn = (javafx.scene.text.Text) tableCell.lookup(".text");
                assertThat(drawn.getText()).as("not cut: " + tableCell.getText()).isEqualTo(tableCell.getText());
            }
        }
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-1024-charts");
    }

    @Test
    void ctrlWClosesTheWindowAndStopsPolling(FxRobot robot) throws Exception {
        awaitSnapshot();
        robot.clickOn("#taskTable");
        robot.press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isFalse();
        assertThat(window.model().isPolling()).isFalse();
    }

    @Test
    void escClosesTheWindow(FxRobot robot) throws Exception {
        awaitSnapshot();
        robot.clickOn("#taskTable");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isFalse();
        assertThat(window.model().isPolling()).isFalse();
    }

    private void awaitSnapshot() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> window.model().snapshotProperty().get() != null));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Visible, and so is everything it sits in (a list hides its placeholder's holder, not the label). */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static Bounds bounds(Node node) {
        return node.localToScene(node.getLayoutBounds());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /** A service of two tasks and a CPU target of 50 % whose activities and events the test sets. */
    private final class Watch implements ServiceWatch {
        private final Instant start = Instant.now().minus(Duration.ofMinutes(10));

        @Override
        public String name() {
            return "shop (local rehearsal)";
        }

        @Override
        public Duration period() {
            return Duration.ofMillis(300);
        }

        @Override
        public Duration chartWindow() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Set<Action> actions() {
            return EnumSet.of(Action.SET_LIMITS, Action.LOAD);
        }

        @Override
        public ServiceSnapshot poll() {
            List<MetricPoint> cpu = new ArrayList<>();
            List<MetricPoint> memory = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                cpu.add(new MetricPoint(start.plus(Duration.ofMinutes(i)), 20 + i, 30 + i, i < 5 ? 2 : 3));
                memory.add(new MetricPoint(start.plus(Duration.ofMinutes(i)), 40, 45, -1));
            }
            List<TaskInfo> taskList = List.of(
                    new TaskInfo("0f3c1a9b2d4e", "RUNNING", "RUNNING", "HEALTHY", "local", "127.0.0.1:49153", start, null, null),
                    new TaskInfo("7d2e5f8a1c3b", "RUNNING", "RUNNING", "HEALTHY", "local", "127.0.0.1:49154", start, null, null));
            List<TargetInfo> targets = List.of(new TargetInfo("127.0.0.1:49153", 49153, "healthy", null),
                    new TargetInfo("127.0.0.1:49154", 49154, "healthy", null));
            return new ServiceSnapshot(Instant.now(), "shop", "ACTIVE", 2, 2, 0,
                    List.of(new DeploymentInfo("d1", "PRIMARY", "COMPLETED", 2, 2, "shop:1")), taskList, activities, events, cpu,
                    memory, targets, "http://127.0.0.1:8080", new ScalingLimits(1, 4, 50.0), List.of(), List.of());
        }

        @Override
        public void setDesired(int count) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public void stopTask(String taskId) {
            throw new UnsupportedOperationException("not used here");
        }
    }
}
