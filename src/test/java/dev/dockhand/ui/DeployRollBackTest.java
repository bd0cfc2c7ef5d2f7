package dev.dockhand.ui;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.AwsConnection;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deploy step when the new image's tasks exit: each failure appears in the events with its cause, and
 * once the circuit breaker's count is reached, Roll Back Now cancels the update instead of waiting.
 */
@ExtendWith(ApplicationExtension.class)
class DeployRollBackTest {

    @TempDir
    static Path temp;

    private AwsStub stub;
    private WizardWindow window;
    private BackgroundTasks tasks;
    private DockerSession docker;
    private AwsConnection aws;
    private Stage stage;
    private Path project;

    @BeforeAll
    static void requirements() {
        Display.require();
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stub = new AwsStub().service("node-npm");
        project = Fixtures.copy("node-npm", temp.resolve("p" + System.nanoTime()));
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        aws = new AwsConnection((profile, region) -> new AwsSteps(stub.session()));
        window = new WizardWindow(tasks, new RecentProjects(temp.resolve("config")), docker, aws, "test");
        window.show(stage);
    }

    @AfterEach
    void stop() {
        System.clearProperty("dockhand.aws.pollMillis");
        tasks.close();
        docker.close();
        aws.close();
        stub.close();
    }

    /** The project opened, a plan made as the Target step makes it, an image pushed, and the Deploy step shown. */
    private void readyToDeploy(FxRobot robot) throws Exception {
        readyToDeploy(robot, "1a2b3c4");
    }

    private void readyToDeploy(FxRobot robot, String imageTag) throws Exception {
        robot.interact(() -> window.projectPage().open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        // As the Target step makes it.
        var plan = aws.steps(null, "eu-west-1").plan(window.model().projectProperty().get(), ProjectSettings.load(project));
        robot.interact(() -> {
            window.targetPage().planProperty().set(plan);
            window.pushPage().imageUriProperty().set("123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-npm:" + imageTag);
            for (WizardStep step : WizardStep.values()) {
                if (step.ordinal() < WizardStep.DEPLOY.ordinal()) {
                    window.model().complete(step);
                }
            }
            window.model().currentProperty().set(WizardStep.DEPLOY);
        });
    }

    @Test
    void aStackAnEarlierVersionMadeIsMarkedOnlyAfterTheQuestionAndNoLeavesItAsItIs(FxRobot robot) throws Exception {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.server.stubFor(AwsStub.query("DescribeStacks").willReturn(AwsStub.xml(AwsStub.earlierDockhandStack("node-npm",
                "UPDATE_COMPLETE"))));
        readyToDeploy(robot);

        robot.clickOn("#deployButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().questionProperty().get() != null
                || window.deployPage().errorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.deployPage().questionProperty().get()).contains("looks made by an earlier version of Dockhand")
                .contains("Is it this service's stack?");
        assertThat(robot.lookup("#yesButton").queryAs(Button.class).getText()).isEqualTo("_It Is This Service's");
        Screenshots.take(robot, stage.getScene().getRoot(), "deploy-earlier-stack-question");
        robot.clickOn("#noButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().errorProperty().get() != null);

        assertThat(window.deployPage().errorProperty().get()).contains("was not confirmed as this service's")
                .contains("nothing was changed");
        assertThat(stub.calls("CreateChangeSet")).isZero();
        assertThat(robot.lookup("#yesButton").queryAs(Button.class).getText()).as("the next change set's question")
                .isEqualTo("_Execute");
    }

    @Test
    void aStackSomebodyElseMadeIsRefusedOnTheDeployStepWithWhoMadeIt(FxRobot robot) throws Exception {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.server.stubFor(AwsStub.query("DescribeStacks").willReturn(AwsStub.xml(AwsStub.foreignStack("node-npm", "CREATE_COMPLETE"))));
        readyToDeploy(robot);

        robot.clickOn("#deployButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().errorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.deployPage().errorProperty().get()).contains("The stack node-npm was not created by Dockhand")
                .contains("tags team=payments").contains("--service node-npm-app");
        assertThat(window.deployPage().questionProperty().get()).isNull();
        assertThat(stub.calls("CreateChangeSet")).isZero();
        Screenshots.take(robot, stage.getScene().getRoot(), "deploy-foreign-stack");
    }

    @Test
    void failingTasksAreExplainedAndRollBackNowCancelsTheUpdate(FxRobot robot) throws Exception {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.stubUpdateWhoseNewTasksExit(Instant.now().plusSeconds(60));
        // The tasks keep failing after the third, so the offer stands until the user acts.
        stub.server.stubFor(AwsStub.ecs("ListTasks").inScenario("tasks").whenScenarioStateIs("three")
                .willReturn(AwsStub.jsonBody("{\"taskArns\":[]}")));
        System.setProperty("dockhand.aws.pollMillis", "50");
        readyToDeploy(robot, "bad");

        robot.clickOn("#deployButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().questionProperty().get() != null
                || window.deployPage().errorProperty().get() != null);
        assertThat(window.deployPage().errorProperty().get()).isNull();
        robot.clickOn("#yesButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().failingProperty().get() != null
                || window.deployPage().errorProperty().get() != null);
        assertThat(window.deployPage().errorProperty().get()).isNull();
        WaitForAsyncUtils.waitForFxEvents();

        Label failure = robot.lookup("#failureLabel").queryAs(Label.class);
        assertThat(failure.isVisible()).isTrue();
        assertThat(failure.getText()).startsWith("3 tasks of the new deployment failed")
                .contains("The app exited with code 1").contains("Error: DATABASE_URL is not set");
        assertThat(window.deployPage().events()).anySatisfy(e -> {
            assertThat(e.logicalId()).isEqualTo("Task new1");
            assertThat(e.status()).isEqualTo("FAILED");
            assertThat(e.reason()).isEqualTo("The app exited with code 1: its last log lines say why.");
        });
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CancelUpdateStack")));
        Screenshots.take(robot, stage.getScene().getRoot(), "deploy-failing");

        robot.clickOn("#rollBackButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        stub.server.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CancelUpdateStack")));
        assertThat(window.deployPage().resultProperty().get().stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(window.deployPage().errorProperty().get()).startsWith("Rolled back: 3 tasks of the new deployment failed")
                .endsWith("The update was cancelled and the old tasks kept serving.");
        assertThat(robot.lookup("#rollBackButton").queryAs(Button.class).isVisible()).as("nothing left to roll back").isFalse();
        assertThat(window.deployPage().statusProperty().get()).isEqualTo("Not deployed: the previous version keeps serving.");
        assertThat(failure.getText()).as("the cause stays, the advice to roll back goes")
                .startsWith("3 tasks of the new deployment failed. Last: The app exited with code 1")
                .contains("Error: DATABASE_URL is not set").doesNotContain("Roll back now");
        Screenshots.take(robot, stage.getScene().getRoot(), "deploy-rolled-back");
    }

    @Test
    void blueGreenIsAChoiceOnTheTargetStepSavedInDockhandYaml(FxRobot robot) throws Exception {
        stub.stubIdentity();
        stub.stubNetwork();
        robot.interact(() -> window.projectPage().open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        robot.interact(() -> {
            for (WizardStep step : WizardStep.values()) {
                if (step.ordinal() < WizardStep.TARGET.ordinal()) {
                    window.model().complete(step);
                }
            }
            window.model().currentProperty().set(WizardStep.TARGET);
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Spinner<?> bake = robot.lookup("#bakeSpinner").queryAs(javafx.scene.control.Spinner.class);
        assertThat(bake.isDisabled()).as("rolling is the default").isTrue();

        robot.clickOn("#blueGreenBox");
        robot.interact(() -> window.targetPage().bakeMinutesProperty().set(15));
        robot.clickOn("#checkButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.targetPage().planProperty().get() != null
                || window.targetPage().errorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.targetPage().errorProperty().get()).isNull();
        assertThat(window.targetPage().planProperty().get().shape()).endsWith("; blue/green, the old revision kept 15 min after the switch");
        assertThat(java.nio.file.Files.readString(project.resolve("dockhand.yaml"))).contains("deployment: blue-green")
                .contains("bakeMinutes: 15");
        Screenshots.take(robot, stage.getScene().getRoot(), "target-blue-green");
    }
}
