package dev.dockhand.aws;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import static dev.dockhand.aws.AwsStub.cfn;
import static dev.dockhand.aws.AwsStub.ecs;
import static dev.dockhand.aws.AwsStub.jsonBody;
import static dev.dockhand.aws.AwsStub.query;
import static dev.dockhand.aws.AwsStub.queryError;
import static dev.dockhand.aws.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/** Change sets, live events, root causes, ROLLBACK_COMPLETE, "no updates" and the wait for a stable service. */
class StackDeployerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/app/6a1b";

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
    }

    private static String stack(String status) {
        return cfn("DescribeStacks", "<Stacks><member><StackName>app</StackName><StackId>" + STACK_ID + "</StackId>"
                + "<CreationTime>2026-11-27T09:59:00Z</CreationTime><StackStatus>" + status + "</StackStatus>"
                + "<Outputs>"
                + output("ServiceUrl", "URL") + output("ClusterName", "app") + output("ServiceName", "app")
                + output("ServiceArn", "arn:aws:ecs:eu-west-1:123456789012:service/app/app")
                + output("TargetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/73e2")
                + "</Outputs></member></Stacks>");
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    private static String event(int id, String logical, String type, String status, String reason, int secondsAfterT0) {
        return "<member><EventId>e" + id + "</EventId><StackName>app</StackName><StackId>" + STACK_ID + "</StackId>"
                + "<LogicalResourceId>" + logical + "</LogicalResourceId><ResourceType>" + type + "</ResourceType>"
                + "<Timestamp>" + T0.plusSeconds(secondsAfterT0) + "</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>") + "</member>";
    }

    private void stubStackStates(String scenario, String... statuses) {
        // DescribeStacks answers each status once, in order, after the change set is executed; the last one stays.
        for (int i = 0; i < statuses.length; i++) {
            String state = i == 0 ? "executing" : "s" + i;
            var mapping = query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(state).willReturn(xml(stack(statuses[i])));
            if (i + 1 < statuses.length) {
                mapping = mapping.willSetStateTo("s" + (i + 1));
            }
            stub.server.stubFor(mapping);
        }
    }

    private void stubChangeSet(String scenario, String status, String reason) {
        stub.server.stubFor(query("CreateChangeSet").willReturn(xml(cfn("CreateChangeSet",
                "<Id>arn:aws:cloudformation:eu-west-1:123456789012:changeSet/dockhand/1</Id><StackId>" + STACK_ID + "</StackId>"))));
        stub.server.stubFor(query("DescribeChangeSet").willReturn(xml(cfn("DescribeChangeSet",
                "<ChangeSetName>dockhand-20261127-100000</ChangeSetName><StackName>app</StackName><Status>" + status + "</Status>"
                        + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>")
                        + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>"
                        + "<member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>Cluster</LogicalResourceId>"
                        + "<ResourceType>AWS::ECS::Cluster</ResourceType></ResourceChange></member>"
                        + "<member><Type>Resource</Type><ResourceChange><Action>Modify</Action><LogicalResourceId>TaskDefinition</LogicalResourceId>"
                        + "<ResourceType>AWS::ECS::TaskDefinition</ResourceType><Replacement>True</Replacement></ResourceChange></member>"
                        + "</Changes>"))));
        stub.server.stubFor(query("ExecuteChangeSet").inScenario(scenario).willReturn(xml(cfn("ExecuteChangeSet", "")))
                .willSetStateTo("executing"));
        stub.server.stubFor(query("DeleteChangeSet").willReturn(xml(cfn("DeleteChangeSet", ""))));
    }

    private void stubStableService(int running) {
        stub.server.stubFor(ecs("DescribeServices").willReturn(jsonBody("""
                {"services":[{"serviceName":"app","serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/app/app","status":"ACTIVE",
                "desiredCount":2,"runningCount":%d,"pendingCount":0,
                "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","desiredCount":2,"runningCount":%d,"rolloutState":"%s"}]}],
                "failures":[]}""".formatted(running, running, running == 2 ? "COMPLETED" : "IN_PROGRESS"))));
        stub.server.stubFor(query("DescribeTargetHealth").willReturn(xml(AwsStub.response("DescribeTargetHealth",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<TargetHealthDescriptions>"
                        + "<member><Target><Id>10.0.1.7</Id><Port>3000</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>"
                        + "<member><Target><Id>10.0.2.9</Id><Port>3000</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>"
                        + "</TargetHealthDescriptions>"))));
    }

    private String template() {
        return "{\"Resources\":{}}";
    }

    @Test
    void createsThroughAnApprovedChangeSetStreamsEventsAndCallsTheService() throws Exception {
        String scenario = "create";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(queryError(400, "ValidationError", "Stack with id app does not exist")));
        stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stubStackStates(scenario, "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + event(3, "Cluster", "AWS::ECS::Cluster", "CREATE_COMPLETE", null, 30)
                + event(2, "Cluster", "AWS::ECS::Cluster", "CREATE_IN_PROGRESS", null, 20)
                + event(1, "app", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated", 10)
                + event(0, "app", "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", null, -3600)
                + "</StackEvents>"))));
        stubStableService(2);
        String url = stub.server.baseUrl() + "/";
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("s1")
                .willReturn(xml(stack("CREATE_COMPLETE").replace(">URL<", ">" + url + "<"))));
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
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(queryError(400, "ValidationError", "Stack with id app does not exist")));
        stubChangeSet(scenario, "CREATE_COMPLETE", null);
        stubStackStates(scenario, "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + event(9, "app", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, 90)
                + event(8, "app", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to create: [LoadBalancer, Service].", 61)
                + event(7, "LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", "CREATE_FAILED", "Resource creation cancelled", 60)
                + event(6, "Service", "AWS::ECS::Service", "CREATE_FAILED",
                "Resource handler returned message: \"Invalid request provided: CreateService error: The container app did not have a container port 3000 defined.\"", 55)
                + event(5, "Service", "AWS::ECS::Service", "CREATE_IN_PROGRESS", null, 50)
                + "</StackEvents>"))));

        DeployOutcome outcome = deployer.deploy("app", template(), Map.of("ImageUri", "x/app:1"), Duration.ofMinutes(1), recorder);

        assertThat(outcome.serviceStable()).isFalse();
        assertThat(outcome.stackStatus()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(outcome.failedResource()).isEqualTo("Service");
        assertThat(outcome.reason()).contains("AWS::ECS::Service Service failed").contains("did not have a container port 3000");
    }

    @Test
    void aStackInRollbackCompleteIsOnlyRecreatedWhenTheUserAgrees() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(stack("ROLLBACK_COMPLETE"))));

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
                .willReturn(xml(stack("ROLLBACK_COMPLETE"))));
        stub.server.stubFor(query("DeleteStack").inScenario(scenario).willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("deleted"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("deleted")
                .willReturn(queryError(400, "ValidationError", "Stack with id app does not exist")));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents></StackEvents>"))));
        stubChangeSet(scenario, "CREATE_COMPLETE", null);
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
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(stack("UPDATE_COMPLETE").replace(">URL<", ">" + stub.server.baseUrl() + "/<"))));
        stubChangeSet("same", "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.");
        stubStableService(2);
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
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(stack("UPDATE_COMPLETE"))));
        stubChangeSet("slow", "FAILED", "No updates are to be performed.");
        stubStableService(0);

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
                .willReturn(xml(stack("CREATE_COMPLETE"))));
        stub.server.stubFor(query("DeleteStack").inScenario(scenario).willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("deleting"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("deleting")
                .willReturn(xml(stack("DELETE_IN_PROGRESS"))).willSetStateTo("gone"));
        stub.server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("gone")
                .willReturn(xml(stack("DELETE_COMPLETE"))));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + event(2, "Cluster", "AWS::ECS::Cluster", "DELETE_COMPLETE", null, 40)
                + event(1, "app", "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated", 5)
                + "</StackEvents>"))));

        DeployOutcome outcome = deployer.destroy("app", recorder);

        assertThat(outcome.stackStatus()).isEqualTo("DELETE_COMPLETE");
        assertThat(recorder.events).extracting(DeployListener.Event::logicalId).containsExactly("app", "Cluster");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks"))
                .withRequestBody(containing("StackName=arn%3Aaws%3Acloudformation")));
    }
}
