package dev.dockhand.ui;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.LocalRegistry;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.AwsConnection;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dockhand.testing.AwsStub.cfn;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole wizard as a user clicks through it: open, Dockerfile, build and test on the real engine,
 * the AWS target checked against the wire-protocol stub, the push to an ECR-like registry, and the
 * deployment approved on the change set.
 */
@Tag("docker")
@ExtendWith(ApplicationExtension.class)
class WizardAwsFlowTest {

    @TempDir
    static Path temp;

    private final String token = "ecr-token-" + System.nanoTime();
    private AwsStub stub;
    private LocalRegistry registry;
    private Path project;
    private WizardWindow window;
    private BackgroundTasks tasks;
    private DockerSession docker;
    private AwsConnection aws;
    private Stage stage;

    @BeforeAll
    static void requirements() {
        Display.require();
        DockerCli.requireEngine();
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stub = new AwsStub().service("node-npm");
        registry = LocalRegistry.start(Files.createTempDirectory(temp, "registry"), "AWS", token);
        project = Fixtures.copy("node-npm", Files.createTempDirectory(temp, "aws"));
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        recent.add(project);
        Theme.apply(false);
        tasks = new BackgroundTasks();
        docker = new DockerSession();
        aws = new AwsConnection((profile, region) -> new AwsSteps(stub.session()));
        window = new WizardWindow(tasks, recent, docker, aws, "test");
        window.show(stage);
    }

    @AfterEach
    void stop() throws Exception {
        tasks.close();
        docker.close();
        aws.close();
        registry.close();
        stub.close();
        String image = window.buildPage().referenceProperty().get();
        if (image != null && !image.isBlank()) {
            DockerCli.docker("rmi", "-f", image);
            DockerCli.docker("rmi", "-f", registry.address() + "/node-npm:" + image.substring(image.indexOf(':') + 1));
        }
    }

    private void stubAws() {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.server.stubFor(AwsStub.ecr("DescribeRepositories").willReturn(AwsStub.jsonError(400, "RepositoryNotFoundException",
                "The repository with name 'node-npm' does not exist in the registry with id '123456789012'")));
        stub.server.stubFor(AwsStub.ecr("CreateRepository").willReturn(AwsStub.jsonBody(
                "{\"repository\":{\"repositoryName\":\"node-npm\",\"repositoryUri\":\"" + registry.address() + "/node-npm\"}}")));
        stub.server.stubFor(AwsStub.ecr("PutLifecyclePolicy").willReturn(AwsStub.jsonBody("{}")));
        stub.server.stubFor(AwsStub.ecr("GetAuthorizationToken").willReturn(AwsStub.jsonBody(
                "{\"authorizationData\":[{\"authorizationToken\":\"" + Base64.getEncoder().encodeToString(
                        ("AWS:" + token).getBytes(StandardCharsets.UTF_8)) + "\",\"proxyEndpoint\":\"http://" + registry.address() + "\"}]}")));
        stub.stubNoStackYet("create");
        stub.stubChangeSet("create", "CREATE_COMPLETE", null);
        String url = stub.server.baseUrl() + "/service";
        stub.stubStackStates("create", url, "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(2, "Service", "AWS::ECS::Service", "CREATE_COMPLETE", null, 3600 * 24 * 3650)
                + AwsStub.event(1, "Cluster", "AWS::ECS::Cluster", "CREATE_COMPLETE", null, 3600 * 24 * 3650 - 30)
                + "</StackEvents>"))));
        stub.stubService(2);
        stub.server.stubFor(get(urlEqualTo("/service")).willReturn(aResponse().withStatus(200).withBody("hello from node")));
    }

    @Test
    void fromFolderToAStableServiceOnAws(FxRobot robot) throws Exception {
        stubAws();
        System.setProperty("dockhand.aws.pollMillis", "20");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 1);
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        Screenshots.take(robot, stage.getScene().getRoot(), "1-project");
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.dockerfilePage().dockerfileProperty().get().contains("FROM"));
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.CONFIGURATION));
        robot.clickOn("#nextButton");
        robot.clickOn("#applyButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.BUILD));
        Screenshots.take(robot, stage.getScene().getRoot(), "2-dockerfile");

        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.buildPage().referenceProperty().get().isBlank());
        robot.clickOn("#buildButton");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> window.buildPage().builtProperty().get() != null);
        Screenshots.take(robot, stage.getScene().getRoot(), "3-build");
        robot.clickOn("#nextButton");
        robot.clickOn("#testButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.TARGET));
        Screenshots.take(robot, stage.getScene().getRoot(), "4-test");

        robot.clickOn("#nextButton");
        robot.clickOn("#checkButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.targetPage().planProperty().get() != null
                || window.targetPage().errorProperty().get() != null);
        assertThat(window.targetPage().errorProperty().get()).isNull();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#accountLabel").queryAs(Label.class).getText()).startsWith("123456789012");
        assertThat(robot.lookup("#networkLabel").queryAs(Label.class).getText()).contains("vpc-1").contains("subnet-a");
        assertThat(robot.lookup("#costLabel").queryAs(Label.class).getText()).contains("a month");
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).contains("vpc: vpc-1");
        Screenshots.take(robot, stage.getScene().getRoot(), "5-target");

        robot.clickOn("#nextButton");
        robot.clickOn("#pushButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.pushPage().imageUriProperty().get() != null
                || window.pushPage().errorProperty().get() != null);
        assertThat(window.pushPage().errorProperty().get()).isNull();
        assertThat(window.pushPage().imageUriProperty().get()).startsWith(registry.address() + "/node-npm:");
        Screenshots.take(robot, stage.getScene().getRoot(), "6-push");

        robot.clickOn("#nextButton");
        robot.clickOn("#deployButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.deployPage().questionProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.deployPage().changes()).hasSize(2);
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ExecuteChangeSet")));
        Screenshots.take(robot, stage.getScene().getRoot(), "7-changes");
        robot.clickOn("#yesButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.deployPage().resultProperty().get() != null
                || window.deployPage().errorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.deployPage().resultProperty().get()).as(String.valueOf(window.deployPage().errorProperty().get())).isNotNull();
        assertThat(window.deployPage().resultProperty().get().serviceStable()).as(window.deployPage().resultProperty().get().toString()).isTrue();
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText()).contains("/service").contains("hello from node");
        assertThat(window.deployPage().events()).isNotEmpty();
        assertThat(Files.exists(project.resolve("infra/dockhand-stack.yaml"))).isTrue();
        Screenshots.take(robot, stage.getScene().getRoot(), "8-deployed");
        System.clearProperty("dockhand.aws.pollMillis");

        // The last step opens the monitoring window on the service just deployed, through the AWS watcher.
        new dev.dockhand.testing.EcsServiceStub(stub, java.time.Instant.now());
        robot.clickOn("#nextButton");
        robot.clickOn("#openMonitorButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery()
                .map(table -> ((javafx.scene.control.TableView<?>) table).getItems().size() == 3).orElse(false));
        javafx.scene.control.TableView<?> tasks = robot.lookup("#taskTable").queryTableView();
        Screenshots.take(robot, tasks.getScene().getRoot(), "9-monitor");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks&"))
                .withRequestBody(containing("StackName=node-npm")));
        robot.interact(() -> ((Stage) tasks.getScene().getWindow()).close());
    }
}
