package dev.dockhand.ui;

import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.EcsServiceStub;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorWindow;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
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
import java.util.concurrent.TimeUnit;

import static dev.dockhand.testing.EcsServiceStub.AUTOSCALING;
import static dev.dockhand.testing.EcsServiceStub.ECS;
import static dev.dockhand.testing.EcsServiceStub.LOGS;
import static dev.dockhand.testing.EcsServiceStub.calls;
import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring window on an ECS service, through the AWS watcher against the wire-protocol stub. */
@ExtendWith(ApplicationExtension.class)
class AwsMonitorWindowTest {

    private AwsStub aws;
    private BackgroundTasks tasks;
    private MonitorWindow window;
    private Stage stage;
    private EcsServiceStub service;

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        aws = new AwsStub();
        service = new EcsServiceStub(aws, Instant.now());
        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new MonitorWindow(ServiceWatch.aws(new AwsSteps(aws.session()), "app", "app", Duration.ofHours(3)), tasks);
        window.show(stage);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get();
        window.model().close();
        tasks.close();
        aws.close();
    }

    private int count(String target, String operation) {
        return aws.server.countRequestsMatching(calls(target, operation).build()).getCount();
    }

    @Test
    void showsTheServiceItsScalingAndItsLogAndActsOnIt(FxRobot robot) throws Exception {
        TableView<TaskInfo> table = robot.lookup("#taskTable").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).filteredOn(t -> t.status().equals("STOPPED")).singleElement()
                .satisfies(t -> assertThat(t.stoppedReason()).contains("ELB health checks"));
        assertThat(robot.lookup(".task-stopped").queryAll()).hasSize(1);
        assertThat(robot.lookup("#scalingLabel").queryAs(Label.class).getText()).isEqualTo("Autoscaling 2 to 6 tasks, CPU target 60 %");
        assertThat(robot.lookup("#urlLabel").queryAs(Label.class).getText()).isEqualTo(EcsServiceStub.URL);
        // The task definition's variables, names only: the plain value "info" is not shown either.
        assertThat(robot.lookup("#variablesLabel").queryAs(Label.class).getText())
                .isEqualTo("Variables: PORT, LOG_LEVEL, DATABASE_URL (secret)");
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> cpuChart = robot.lookup("#cpuChart").queryAs(LineChart.class);
        assertThat(cpuChart.getData().get(0).getData()).as("three hours of CPU averages").hasSize(180);
        assertThat(cpuChart.getData()).extracting(javafx.scene.chart.XYChart.Series::getName).as("percentages only on the CPU axis")
                .containsExactly("CPU average", "CPU maximum", "Scaling target");
        assertThat(cpuChart.getData().get(2).getData()).as("the scaling target line")
                .allSatisfy(point -> assertThat(point.getYValue().doubleValue()).isEqualTo(60.0));
        NumberAxis time = (NumberAxis) cpuChart.getXAxis();
        assertThat(time.getUpperBound() - time.getLowerBound()).isEqualTo(3600);
        robot.clickOn("#threeHours");
        assertThat(time.getUpperBound() - time.getLowerBound()).isEqualTo(3 * 3600);
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-aws-1-service");

        assertThat(count(LOGS, "FilterLogEvents")).as("no log read before its tab is open").isZero();
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().size() - 1));
        ListView<LogLine> log = robot.lookup("#logList").queryListView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> log.getItems().size() == 2);
        assertThat(log.getItems()).extracting(LogLine::message).containsExactly("listening on 3000", "GET /healthz 200");
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-aws-2-log");
        robot.clickOn("#followLogs");
        assertThat(robot.lookup("#followLogs").queryAs(CheckBox.class).isSelected()).isFalse();
        assertThat(window.model().isFollowingLogs()).as("unfollowed: the log is no longer read").isFalse();

        robot.interact(() -> {
            robot.lookup("#minSpinner").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(3);
            robot.lookup("#maxSpinner").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(8);
        });
        robot.clickOn("#applyBoundsButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Change bounds").tryQuery().isPresent());
        robot.clickOn("Change bounds");
        Label message = robot.lookup("#messageLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Autoscaling bounds set"));
        assertThat(aws.server.findAll(calls(AUTOSCALING, "RegisterScalableTarget")).get(0).getBodyAsString())
                .contains("\"MinCapacity\":3").contains("\"MaxCapacity\":8");

        robot.clickOn("#redeployButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Cancel").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(count(ECS, "UpdateService")).as("nothing is done without a yes").isZero();
        robot.clickOn("#redeployButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Replace tasks").tryQuery().isPresent());
        robot.clickOn("Replace tasks");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("A new deployment started"));
        assertThat(aws.server.findAll(calls(ECS, "UpdateService")).get(0).getBodyAsString()).contains("\"forceNewDeployment\":true");
    }

    @Test
    void aDesiredCountOutsideTheBoundsIsExplainedNotSent(FxRobot robot) throws Exception {
        TableView<TaskInfo> table = robot.lookup("#taskTable").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().snapshotProperty().get().scaling() != null);
        robot.interact(() -> robot.lookup("#desiredSpinner").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(9));
        robot.clickOn("#applyDesiredButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Change count").tryQuery().isPresent());
        // Target tracking owns the count: the question says so and offers the bounds that would keep it.
        assertThat(robot.lookup(".dialog-pane .content").queryAs(Label.class).getText())
                .startsWith("Target tracking owns the count between 2 and 6 tasks").contains("9 may not stay");
        assertThat(robot.lookup("Keep 9 (bounds 9\u20139)").tryQuery()).isPresent();
        Screenshots.take(robot, robot.lookup(".dialog-pane").queryAs(javafx.scene.Parent.class), "monitor-desired-question");
        robot.clickOn("Change count");
        Label message = robot.lookup("#messageLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Could not do it"));
        assertThat(message.getText()).contains("outside the autoscaling bounds 2 to 6");
        assertThat(count(ECS, "UpdateService")).isZero();
    }

    @Test
    void deletingTheStackAsksFirstAndCanTakeTheImagesAlong(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().snapshotProperty().get() != null);
        var server = aws.server;
        server.stubFor(AwsStub.query("DeleteStack").inScenario("delete").willReturn(AwsStub.xml(AwsStub.cfn("DeleteStack", "")))
                .willSetStateTo("gone"));
        server.stubFor(AwsStub.query("DescribeStacks").inScenario("delete").whenScenarioStateIs("gone")
                .willReturn(AwsStub.queryError(400, "ValidationError", "Stack with id app does not exist")));
        server.stubFor(AwsStub.query("DescribeStackEvents").willReturn(AwsStub.queryError(400, "ValidationError",
                "Stack with id app does not exist")));
        server.stubFor(AwsStub.ecr("ListImages").willReturn(AwsStub.jsonBody("{\"imageIds\":[{\"imageDigest\":\"sha256:1a\","
                + "\"imageTag\":\"4f2a9c1\"},{\"imageDigest\":\"sha256:2b\",\"imageTag\":\"77e0d3b\"}]}")));
        server.stubFor(AwsStub.ecr("DeleteRepository").willReturn(AwsStub.jsonBody("{\"repository\":{\"repositoryName\":\"app\"}}")));
        server.stubFor(AwsStub.ecr("DescribeRepositories").willReturn(AwsStub.jsonBody("{\"repositories\":[{\"repositoryName\":\"app\","
                + "\"repositoryArn\":\"arn:aws:ecr:eu-west-1:123456789012:repository/app\"}]}")));
        server.stubFor(AwsStub.ecr("ListTagsForResource").willReturn(AwsStub.jsonBody(
                "{\"tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"app\"}]}")));
        System.setProperty("dockhand.aws.pollMillis", "20");
        try {
            robot.clickOn("#deleteButton");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deleteImagesCheck").tryQuery().isPresent());
            assertThat(robot.lookup(".dialog-pane .header-panel .label").queryAs(Label.class).getText()).isEqualTo("Delete stack app?");
            robot.clickOn("Cancel");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(server.countRequestsMatching(AwsStub.query("DeleteStack").build().getRequest()).getCount()).isZero();

            robot.clickOn("#deleteButton");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deleteImagesCheck").tryQuery().isPresent());
            robot.clickOn("#deleteImagesCheck");
            robot.clickOn("Delete");
            Label message = robot.lookup("#messageLabel").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message.getText().startsWith("Deleted stack app"));
            assertThat(message.getText()).isEqualTo("Deleted stack app and its images.");
            assertThat(server.findAll(calls("AmazonEC2ContainerRegistry_V20150921", "DeleteRepository")).get(0).getBodyAsString())
                    .contains("\"repositoryName\":\"app\"").contains("\"force\":true");
            assertThat(window.model().isPolling()).as("nothing is left to watch").isFalse();
        } finally {
            System.clearProperty("dockhand.aws.pollMillis");
        }
    }

    @Test
    void aBlueGreenDeploymentShowsItsStageBakeTimeAndTestAddressAndRollsBackAfterAYes(FxRobot robot) throws Exception {
        service.stubBlueGreen("BAKE_TIME", 90);
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> window.model().snapshotProperty().get() != null
                && window.model().snapshotProperty().get().blueGreen() != null);
        WaitForAsyncUtils.waitForFxEvents();

        Label line = robot.lookup("#blueGreenLabel").queryAs(Label.class);
        assertThat(line.isVisible()).isTrue();
        assertThat(line.getText()).startsWith("Blue/green: baking: the old revision stays ready for an instant rollback; "
                + "100 % of production traffic on the new revision; 8 min");
        assertThat(robot.lookup("#testUrlLink").queryAs(javafx.scene.control.Hyperlink.class).getText())
                .isEqualTo("Test the new revision: " + EcsServiceStub.TEST_URL);
        // Both revisions run while the old one bakes: the count says which are which.
        assertThat(robot.lookup("#countsLabel").queryAs(Label.class).getText()).isEqualTo("Desired 2   Running 4 (2 new, 2 old)   Pending 0");
        Screenshots.take(robot, stage.getScene().getRoot(), "monitor-aws-blue-green");

        robot.clickOn("#rollBackButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Roll back").tryQuery().isPresent());
        robot.clickOn("Roll back");
        Label message = robot.lookup("#messageLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Rolling back"));
        assertThat(aws.server.findAll(calls(ECS, "StopServiceDeployment"))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"stopType\":\"ROLLBACK\""));
    }
}
