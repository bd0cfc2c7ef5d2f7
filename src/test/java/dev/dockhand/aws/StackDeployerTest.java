package dev.dockhand.aws;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockhand.testing.AwsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dockhand.testing.AwsStub.cfn;
import static dev.dockhand.testing.AwsStub.ecs;
import static dev.dockhand.testing.AwsStub.jsonBody;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.queryError;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/** Change sets, live events, root causes, ROLLBACK_COMPLETE, "no updates" and the wait for a stable service. */
class StackDeployerTest {

    private static final Instant T0 = AwsStub.T0;

    private final AwsStub stub = new AwsStub();
    private final AwsSession session = stub.session();
    private final StackDeployer deployer = new StackDeployer(session, Duration.ofMillis(1), Clock.fixed(T0, ZoneOffset.UTC));
    private final Recorder recorder = new Recorder(true, false);

    @AfterEach
    void stop() {
        session.close();
        stub.close();
    }

    /** Records what the deployer reports and answers its questions as told. */
    static final class Recorder implements DeployListener {
        final boolean approve;
        final boolean recreate;
        final List<Change> changes = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<dev.dockhand.monitor.StoppedTask> stopped = new ArrayList<>();
        boolean failFast;
        int rollBackAskedAt = -1;
        String recreateReason;

        Recorder(boolean approve, boolean recreate) {
            this.approve = approve;
            this.recreate = recreate;
        }

        @Override
        public boolean approve(List<Change> proposed) {
            changes.addAll(proposed);
            return approve;
        }

        @Override
        public boolean approveRecreate(String stackName, String reason) {
            recreateReason = reason;
            return recreate;
        }

        @Override
        public void event(Event event) {
            events.add(event);
        }

        @Override
        public void status(String text) {
            statuses.add(text);
        }

        @Override
        public void taskStopped(dev.dockhand.monitor.StoppedTask task) {
            stopped.add(task);
        }

        final List<dev.dockhand.monitor.BlueGreenStatus> blueGreen = new ArrayList<>();
        boolean rollBackBlueGreen;

        @Override
        public boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
            blueGreen.add(status);
            return rollBackBlueGreen;
        }

        @Override
        public boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
            if (rollBackAskedAt < 0) {
                rollBackAskedAt = stopped.size();
            }
            return failFast;
        }
    }







    private String template() {
        return "{\"Resources\":{}}";
    }

    @Test
    void createsThroughAnApprovedChangeSetStreamsEventsAndCallsTheService() throws Exception {
        String scenario = "create";
        stub.stubNoStackYet(scenario);
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stub.stubStackStates(scenario, "URL", "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(3, "Cluster", "AWS::ECS::Cluster", "CREATE_COMPLETE", null, 30)
                + AwsStub.event(2, "Cluster", "AWS::ECS::Cluster", "CREATE_IN_PROGRESS", null, 20)
                + AwsStub.event(1, "app", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated", 10)
                + AwsStub.event(0, "app", "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", null, -3600)
                + "</StackEvents>"))));
        stub.stubService(2);
        String url = stub.server.baseUrl() + "/";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("s1")
                .willReturn(xml(AwsStub.stack("CREATE_COMPLETE", url))));
        stub.server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("hello from the service")));

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1a2b3c4"),
                Duration.ofMinutes(1), recorder);

        assertThat(outcome.serviceStable()).isTrue();
        assertThat(outcome.stackStatus()).isEqualTo("CREATE_COMPLETE");
        assertThat(outcome.url()).isEqualTo(url);
        assertThat(outcome.urlStatus()).isEqualTo(200);
        assertThat(outcome.urlAnswer()).isEqualTo("hello from the service");
        assertThat(recorder.changes).extracting(DeployListener.Change::action).containsExactly("Add", "Modify");
        assertThat(recorder.changes.get(1).replacement()).isEqualTo("True");
        assertThat(recorder.events).extracting(DeployListener.Event::status)
                .containsExactly("CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"); // old event left out, oldest first
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet"))
                .withRequestBody(containing("ChangeSetType=CREATE"))
                .withRequestBody(containing("Capabilities.member.1=CAPABILITY_IAM"))
                .withRequestBody(containing("ParameterKey=ImageUri")));
    }

    @Test
    void aFailedCreationReportsTheFirstFailedResourceAndItsReason() throws Exception {
        String scenario = "fail";
        stub.stubNoStackYet(scenario);
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stub.stubStackStates(scenario, "URL", "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(9, "app", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, 90)
                + AwsStub.event(8, "app", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to create: [LoadBalancer, Service].", 61)
                + AwsStub.event(7, "LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", "CREATE_FAILED", "Resource creation cancelled", 60)
                + AwsStub.event(6, "Service", "AWS::ECS::Service", "CREATE_FAILED",
                "Resource handler returned message: \"Invalid request provided: CreateService error: The container app did not have a container port 3000 defined.\"", 55)
                + AwsStub.event(5, "Service", "AWS::ECS::Service", "CREATE_IN_PROGRESS", null, 50)
                + "</StackEvents>"))));

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "x/app:1"), Duration.ofMinutes(1), recorder);

        assertThat(outcome.serviceStable()).isFalse();
        assertThat(outcome.stackStatus()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(outcome.failedResource()).isEqualTo("Service");
        assertThat(outcome.reason()).contains("AWS::ECS::Service Service failed").contains("did not have a container port 3000");
    }

    @Test
    void anUpdateThatRollsBackNamesTheResourceThatFailed() throws Exception {
        String scenario = "update";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", "URL"))));
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stub.stubStackStates(scenario, "URL", "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(4, "app", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null, 200)
                + AwsStub.event(3, "Service", "AWS::ECS::Service", "UPDATE_FAILED",
                "Resource handler returned message: \"Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.\"", 150)
                + AwsStub.event(2, "TaskDefinition", "AWS::ECS::TaskDefinition", "UPDATE_COMPLETE", null, 30)
                + "</StackEvents>"))));

        DeployOutcome outcome = deployer.deploy("app", "{}", Map.of(), Duration.ofMinutes(1), recorder);

        assertThat(outcome.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(outcome.failedResource()).isEqualTo("Service");
        assertThat(outcome.reason()).contains("Circuit Breaker was triggered");
    }

    @Test
    void aStackInRollbackCompleteIsOnlyRecreatedWhenTheUserAgrees() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.stack("ROLLBACK_COMPLETE", "URL"))));

        DeployOutcome refused = deployer.deploy("app", template(), Map.of(), Duration.ofMinutes(1), recorder);

        assertThat(refused.cancelled()).isTrue();
        assertThat(recorder.recreateReason).contains("ROLLBACK_COMPLETE").contains("deleted and created again");
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteStack")));
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet")));
    }

    @Test
    void agreeingToRecreateDeletesTheStackThenCreatesItAgain() throws Exception {
        String scenario = "recreate";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(AwsStub.stack("ROLLBACK_COMPLETE", "URL"))));
        stub.server.stubFor(query("DeleteStack").inScenario(scenario).willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("deleted"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("deleted")
                .willReturn(queryError(400, "ValidationError", "Stack with id app does not exist")));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents></StackEvents>"))));
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        Recorder agreeButStop = new Recorder(false, true);

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of(), Duration.ofMinutes(1), agreeButStop);

        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteStack")));
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet"))
                .withRequestBody(containing("ChangeSetType=CREATE")));
        assertThat(outcome.cancelled()).isTrue(); // the change set itself was not approved
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteChangeSet")));
    }

    @Test
    void noUpdatesToPerformIsASuccessThatStillChecksTheService() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", stub.server.baseUrl() + "/"))));
        stub.stubChangeSet("same", "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.");
        stub.stubService(2);
        stub.server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("ok")));

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of(), Duration.ofMinutes(1), recorder);

        assertThat(outcome.noChanges()).isTrue();
        assertThat(outcome.serviceStable()).isTrue();
        assertThat(recorder.changes).isEmpty(); // nothing to approve
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ExecuteChangeSet")));
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet"))
                .withRequestBody(containing("ChangeSetType=UPDATE")));
    }

    @Test
    void aServiceThatIsNotStableInTimeIsReportedAndTheStackLeftAsItIs() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", "URL"))));
        stub.stubChangeSet("slow", "FAILED", "No updates are to be performed.");
        stub.stubService(0);

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of(), Duration.ZERO, recorder);

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.serviceStable()).isFalse();
        assertThat(outcome.stackStatus()).isEqualTo("UPDATE_COMPLETE");
        assertThat(outcome.reason()).contains("was not stable within 0 s").contains("0 of 2 tasks running");
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteStack")));
    }

    @Test
    void destroyStreamsEventsUntilTheStackIsGone() throws Exception {
        String scenario = "destroy";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(AwsStub.stack("CREATE_COMPLETE", "URL"))));
        stub.server.stubFor(query("DeleteStack").inScenario(scenario).willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("deleting"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("deleting")
                .willReturn(xml(AwsStub.stack("DELETE_IN_PROGRESS", "URL"))).willSetStateTo("gone"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("gone")
                .willReturn(xml(AwsStub.stack("DELETE_COMPLETE", "URL"))));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(2, "Cluster", "AWS::ECS::Cluster", "DELETE_COMPLETE", null, 40)
                + AwsStub.event(1, "app", "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated", 5)
                + "</StackEvents>"))));

        DeployOutcome outcome = deployer.destroy("app", recorder);

        assertThat(outcome.stackStatus()).isEqualTo("DELETE_COMPLETE");
        assertThat(recorder.events).extracting(DeployListener.Event::logicalId).containsExactly("app", "Cluster");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks"))
                .withRequestBody(containing("StackName=arn%3Aaws%3Acloudformation")));
    }

    @Test
    void anUpdateKeepsTheCountAutoscalingChoseAndSaysSoWhileACreationStartsAtTheDesiredCount() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", stub.server.baseUrl() + "/"))));
        stub.stubChangeSet("same", "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.");
        stub.stubService(2);
        // Autoscaling scaled the service to 8 under load (the first look; later polls see it settle).
        stub.server.stubFor(AwsStub.ecs("DescribeServices").inScenario("count")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willSetStateTo("seen").willReturn(AwsStub.jsonBody("{\"services\":[{\"serviceName\":\"app\","
                + "\"status\":\"ACTIVE\",\"desiredCount\":8,\"runningCount\":8,\"pendingCount\":0,\"deployments\":[{\"id\":\"d\","
                + "\"status\":\"PRIMARY\",\"desiredCount\":8,\"runningCount\":8,\"rolloutState\":\"COMPLETED\"}]}],\"failures\":[]}")));
        stub.server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("ok")));
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1a2b3c4");
        parameters.put(StackTemplate.DESIRED_PARAMETER, "2");

        deployer.deploy("app", template(), parameters, Duration.ofMinutes(1), recorder);

        String body = stub.server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet")))
                .get(0).getBodyAsString();
        assertThat(body).contains("Parameters.member.2.ParameterKey=DesiredCount").containsPattern("Parameters\\.member\\.2\\.ParameterValue=(&|$)");
        assertThat(recorder.statuses).anyMatch(s -> s.contains("the service runs 8 tasks now")
                && s.contains("this update keeps 8 rather than the 2"));
    }

    // ---- a new image whose tasks fail: explained at once, rolled back at the threshold ----

    @Test
    void aNewImageWhoseTasksExitIsExplainedAtEachPollAndRolledBackAtTheThirdFailure() throws Exception {
        stub.stubUpdateWhoseNewTasksExit(T0.plusSeconds(10));
        recorder.failFast = true;

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:bad"),
                Duration.ofMinutes(1), recorder);

        // Each failure is told at the poll that sees it; the task the user stopped before is not a failure of this deployment.
        assertThat(recorder.stopped).extracting(dev.dockhand.monitor.StoppedTask::taskId).containsExactly("new1", "new2", "new3");
        assertThat(recorder.stopped.get(0).cause().summary()).isEqualTo("The app exited with code 1: its last log lines say why.");
        assertThat(recorder.stopped.get(0).cause().evidence()).contains("exit code 1", "  Error: DATABASE_URL is not set");
        // Three polls of the tasks, and the rollback at the third: the poll that sees the third failure.
        assertThat(stub.server.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "AmazonEC2ContainerServiceV20141113.ListTasks")))).hasSize(3);
        assertThat(recorder.rollBackAskedAt).isEqualTo(3);
        stub.server.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CancelUpdateStack")));
        assertThat(outcome.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(outcome.serviceStable()).isFalse();
        assertThat(outcome.reason()).isEqualTo("Rolled back: 3 tasks of the new deployment failed: The app exited with code 1: "
                + "its last log lines say why. The update was cancelled and the old tasks kept serving.");
    }

    @Test
    void withoutFailFastTheFailuresAreToldButTheRollbackIsLeftToTheCircuitBreaker() throws Exception {
        stub.stubUpdateWhoseNewTasksExit(T0.plusSeconds(10));
        // The circuit breaker ends the update on its own after the third failure.
        stub.server.stubFor(ecs("ListTasks").inScenario("tasks").whenScenarioStateIs("three")
                .willReturn(jsonBody("{\"taskArns\":[]}")).willSetStateTo("breaker"));
        stub.server.stubFor(query("DescribeStacks").inScenario("failing").whenScenarioStateIs("executing")
                .willReturn(xml(AwsStub.stack("UPDATE_IN_PROGRESS", "URL"))).willSetStateTo("executing2"));
        stub.server.stubFor(query("DescribeStacks").inScenario("failing").whenScenarioStateIs("executing2")
                .willReturn(xml(AwsStub.stack("UPDATE_IN_PROGRESS", "URL"))).willSetStateTo("executing3"));
        stub.server.stubFor(query("DescribeStacks").inScenario("failing").whenScenarioStateIs("executing3")
                .willReturn(xml(AwsStub.stack("UPDATE_IN_PROGRESS", "URL"))).willSetStateTo("executing4"));
        stub.server.stubFor(query("DescribeStacks").inScenario("failing").whenScenarioStateIs("executing4")
                .willReturn(xml(AwsStub.stack("UPDATE_ROLLBACK_COMPLETE", "URL"))));

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:bad"),
                Duration.ofMinutes(1), recorder);

        assertThat(recorder.stopped).hasSize(3);
        assertThat(recorder.rollBackAskedAt).isEqualTo(3);
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CancelUpdateStack")));
        assertThat(outcome.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(outcome.reason()).endsWith("The new tasks failed: The app exited with code 1: its last log lines say why.");
    }

    @Test
    void aBlueGreenUpdateIsShownStageByStageAndRollsBackOnRequestBeforeTheBakeEnds() throws Exception {
        var ecs = new dev.dockhand.testing.EcsServiceStub(stub, T0);
        ecs.stubBlueGreen("BAKE_TIME", 60);
        String scenario = "bg";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", "URL"))));
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("executing")
                .willReturn(xml(AwsStub.stack("UPDATE_IN_PROGRESS", "URL"))));
        stub.server.stubFor(ecs("StopServiceDeployment").inScenario(scenario).willSetStateTo("stopped")
                .willReturn(jsonBody("{\"serviceDeploymentArn\":\"" + dev.dockhand.testing.EcsServiceStub.DEPLOYMENT_ARN + "\"}")));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("stopped")
                .willReturn(xml(AwsStub.stack("UPDATE_ROLLBACK_COMPLETE", "URL"))));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents></StackEvents>"))));
        recorder.rollBackBlueGreen = true;

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2"),
                Duration.ofMinutes(1), recorder);

        assertThat(recorder.blueGreen).first().satisfies(b -> {
            assertThat(b.stage()).isEqualTo("BAKE_TIME");
            assertThat(b.bakeLeft()).isEqualTo(Duration.ofMinutes(9));
            assertThat(b.trafficToNewPercent()).isEqualTo(100);
        });
        assertThat(stub.server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("AmazonEC2ContainerServiceV20141113.StopServiceDeployment"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("\"stopType\":\"ROLLBACK\""));
        assertThat(outcome.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(outcome.reason()).startsWith("Rolled back on request during the blue/green deployment (Blue/green: baking");
    }

    @Test
    void aNewImageOnAServiceAutoscalingScaledTo8IsDeployedWithoutTheCountSoTheStackKeeps8() throws Exception {
        String scenario = "scaled";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(AwsStub.stack("UPDATE_COMPLETE", stub.server.baseUrl() + "/"))));
        stub.stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stub.stubStackStates(scenario, stub.server.baseUrl() + "/", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(1, "TaskDefinition", "AWS::ECS::TaskDefinition", "UPDATE_COMPLETE", null, 10) + "</StackEvents>"))));
        stub.server.stubFor(ecs("DescribeServices").willReturn(jsonBody("{\"services\":[{\"serviceName\":\"app\","
                + "\"status\":\"ACTIVE\",\"desiredCount\":8,\"runningCount\":8,\"pendingCount\":0,\"deployments\":[{\"id\":\"ecs-svc/3\","
                + "\"status\":\"PRIMARY\",\"desiredCount\":8,\"runningCount\":8,\"rolloutState\":\"COMPLETED\"}]}],\"failures\":[]}")));
        stub.server.stubFor(ecs("ListTasks").willReturn(jsonBody("{\"taskArns\":[]}")));
        stub.server.stubFor(query("DescribeTargetHealth").willReturn(xml(AwsStub.response("DescribeTargetHealth",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<TargetHealthDescriptions>"
                        + "<member><Target><Id>10.0.1.1</Id></Target><TargetHealth><State>healthy</State></TargetHealth></member>".repeat(8)
                        + "</TargetHealthDescriptions>"))));
        stub.server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("ok")));
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:new");
        parameters.put(StackTemplate.DESIRED_PARAMETER, "2");

        DeployOutcome outcome = deployer.deploy("app", StackTemplate.yaml(ServiceSettings.defaults("app", 3000, "/health")), parameters,
                Duration.ofMinutes(1), recorder);

        assertThat(outcome.serviceStable()).as(String.valueOf(outcome.reason())).isTrue();
        stub.server.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ExecuteChangeSet")));
        String body = stub.server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet")))
                .get(0).getBodyAsString();
        assertThat(body).contains("ChangeSetType=UPDATE").contains("ParameterValue=123456789012.dkr.ecr.eu-west-1.amazonaws.com%2Fapp%3Anew")
                .containsPattern("ParameterKey=DesiredCount&Parameters\\.member\\.\\d\\.ParameterValue=(&|$)");
        // With an empty DesiredCount the template leaves the property out of the service (AWS::NoValue): ECS keeps 8.
        assertThat(body).contains("Fn%3A%3AIf").contains("AWS%3A%3ANoValue");
        assertThat(recorder.statuses).anyMatch(s -> s.contains("this update keeps 8 rather than the 2"));
    }
}
