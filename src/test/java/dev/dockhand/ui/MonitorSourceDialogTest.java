package dev.dockhand.ui;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.EcsServiceStub;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorSourceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static dev.dockhand.testing.AwsStub.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring window's own start: picking an ECS service by region, cluster and service. */
@ExtendWith(ApplicationExtension.class)
class MonitorSourceDialogTest {

    private final AwsStub aws = new AwsStub();
    private BackgroundTasks tasks;
    private MonitorSourceDialog picker;
    private final java.util.List<String> regionsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<String> profilesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) {
        Theme.apply(false);
        tasks = new BackgroundTasks();
        picker = new MonitorSourceDialog(tasks, null, (profile, region) -> {
            regionsAsked.add(region);
            profilesAsked.add(String.valueOf(profile));
            return new AwsSteps(aws.session());
        });
    }

    @AfterEach
    void stop() {
        tasks.close();
        aws.close();
    }

    @Test
    void listsClustersAndServicesAndWatchesTheOnePicked(FxRobot robot) throws Exception {
        aws.server.stubFor(EcsServiceStub.ecs("ListClusters").willReturn(jsonBody(
                "{\"clusterArns\":[\"arn:aws:ecs:eu-west-1:123456789012:cluster/web\",\"arn:aws:ecs:eu-west-1:123456789012:cluster/app\"]}")));
        aws.server.stubFor(EcsServiceStub.ecs("ListServices").willReturn(jsonBody(
                "{\"serviceArns\":[\"arn:aws:ecs:eu-west-1:123456789012:service/app/app\"]}")));
        java.util.concurrent.CompletableFuture<java.util.Optional<ServiceWatch>> chosen = new java.util.concurrent.CompletableFuture<>();
        robot.interact(() -> javafx.application.Platform.runLater(() -> chosen.complete(picker.showAndWait())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#regionField").tryQuery().isPresent());

        robot.clickOn("A service on AWS (ECS)");
        robot.interact(() -> robot.lookup("#regionField").queryAs(TextField.class).setText("eu-west-1"));
        robot.clickOn("#listClustersButton");
        ComboBox<String> clusters = robot.lookup("#clusterChoice").queryComboBox();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> clusters.getItems().size() == 2);
        assertThat(clusters.getItems()).containsExactly("app", "web");
        assertThat(regionsAsked).containsExactly("eu-west-1");
        assertThat(robot.lookup("#profileChoice").queryComboBox().getValue()).isEqualTo("automatic");
        assertThat(profilesAsked).as("no profile named: the environment's credentials, as the AWS CLI finds them")
                .containsExactly("null");
        robot.interact(() -> clusters.setValue("app"));
        ComboBox<String> services = robot.lookup("#serviceChoice").queryComboBox();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "app".equals(services.getValue()));
        Screenshots.take(robot, picker.dialog().getDialogPane(), "monitor-source");
        aws.server.verify(EcsServiceStub.calls(EcsServiceStub.ECS, "ListServices")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"cluster\":\"app\"")));
        robot.clickOn("Watch");

        ServiceWatch watch = chosen.get(10, TimeUnit.SECONDS).orElseThrow();
        try {
            assertThat(watch.name()).isEqualTo("app (ECS, eu-west-1)");
            assertThat(watch.actions()).contains(ServiceWatch.Action.LOGS, ServiceWatch.Action.SET_LIMITS);
        } finally {
            watch.close();
        }
    }
}
