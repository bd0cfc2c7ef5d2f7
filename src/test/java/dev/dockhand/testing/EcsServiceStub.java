package dev.dockhand.testing;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dockhand.testing.AwsStub.jsonBody;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.response;
import static dev.dockhand.testing.AwsStub.xml;

/**
 * A running ECS service as the AWS stub answers about it: service "app" in cluster "app", made by stack
 * "app", two running tasks and one stopped, its target group, task definition with an awslogs group,
 * autoscaling bounds 2 to 6 with a 60 % CPU target, a scale-out activity, metrics and log lines.
 * Answers are shaped like the examples in each API's documentation.
 */
public final class EcsServiceStub {

    public static final String ECS = "AmazonEC2ContainerServiceV20141113";
    public static final String AUTOSCALING = "AnyScaleFrontendService";
    public static final String LOGS = "Logs_20140328";
    public static final String URL = "http://app-1234.eu-west-1.elb.amazonaws.com";
    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:";
    private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/73e2";

    private final AwsStub stub;
    private final Instant started;

    /** Stubs the service, with its tasks started a few minutes before {@code started}. */
    public EcsServiceStub(AwsStub stub, Instant started) {
        this.stub = stub;
        this.started = started;
        stubService(2, 2);
        stub.server.stubFor(ecs("ListTasks").withRequestBody(containing("\"desiredStatus\":\"RUNNING\""))
                .willReturn(jsonBody("{\"taskArns\":[\"" + ARN + "task/app/0f3c1a\",\"" + ARN + "task/app/7d2e9b\"]}")));
        stub.server.stubFor(ecs("ListTasks").withRequestBody(containing("\"desiredStatus\":\"STOPPED\""))
                .willReturn(jsonBody("{\"taskArns\":[\"" + ARN + "task/app/5b8c44\"]}")));
        stub.server.stubFor(ecs("DescribeTasks").willReturn(jsonBody("{\"tasks\":["
                + task("0f3c1a", "RUNNING", "RUNNING", "eu-west-1a", "10.0.1.7", null)
                + "," + task("7d2e9b", "RUNNING", "RUNNING", "eu-west-1b", "10.0.2.9", null)
                + "," + task("5b8c44", "STOPPED", "STOPPED", "eu-west-1a", "10.0.1.12",
                "Task failed ELB health checks in (target-group " + TARGET_GROUP + ")")
                + "],\"failures\":[]}")));
        stub.server.stubFor(ecs("DescribeTaskDefinition").willReturn(jsonBody("{\"taskDefinition\":{\"taskDefinitionArn\":\""
                + ARN + "task-definition/app:3\",\"family\":\"app\",\"revision\":3,\"containerDefinitions\":[{\"name\":\"app\","
                + "\"image\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:4f2a9c1\",\"logConfiguration\":{\"logDriver\":"
                + "\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/app\",\"awslogs-region\":\"eu-west-1\","
                + "\"awslogs-stream-prefix\":\"app\"}},\"environment\":[{\"name\":\"PORT\",\"value\":\"3000\"},"
                + "{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}],\"secrets\":[{\"name\":\"DATABASE_URL\",\"valueFrom\":"
                + "\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockhand/app-Ab12Cd:DATABASE_URL::v1\"}]}]}}")));
        stub.server.stubFor(ecs("UpdateService").willReturn(jsonBody("{\"service\":{\"serviceName\":\"app\",\"status\":\"ACTIVE\"}}")));
        stub.server.stubFor(ecs("StopTask").willReturn(jsonBody("{\"task\":{\"taskArn\":\"" + ARN + "task/app/0f3c1a\","
                + "\"desiredStatus\":\"STOPPED\",\"lastStatus\":\"RUNNING\"}}")));
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.stack("CREATE_COMPLETE", URL))));
        stub.server.stubFor(query("DescribeTargetGroups").willReturn(xml(response("DescribeTargetGroups",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<TargetGroups><member><TargetGroupArn>" + TARGET_GROUP
                        + "</TargetGroupArn><HealthCheckPath>/health</HealthCheckPath><Port>3000</Port></member></TargetGroups>"))));
        stub.server.stubFor(query("DescribeTargetHealth").willReturn(xml(response("DescribeTargetHealth",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<TargetHealthDescriptions>"
                        + "<member><Target><Id>10.0.1.7</Id><Port>3000</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>"
                        + "<member><Target><Id>10.0.2.9</Id><Port>3000</Port></Target><TargetHealth><State>initial</State>"
                        + "<Reason>Elb.RegistrationInProgress</Reason><Description>Target registration is in progress</Description>"
                        + "</TargetHealth></member></TargetHealthDescriptions>"))));
        stub.server.stubFor(autoScaling("DescribeScalableTargets").willReturn(jsonBody("{\"ScalableTargets\":[{"
                + "\"ServiceNamespace\":\"ecs\",\"ResourceId\":\"service/app/app\",\"ScalableDimension\":\"ecs:service:DesiredCount\","
                + "\"MinCapacity\":2,\"MaxCapacity\":6,\"RoleARN\":\"arn:aws:iam::123456789012:role/aws-service-role/"
                + "ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService\","
                + "\"CreationTime\":" + seconds(-3600) + "}]}")));
        stub.server.stubFor(autoScaling("DescribeScalingPolicies").willReturn(jsonBody("{\"ScalingPolicies\":[{"
                + "\"PolicyARN\":\"arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:6d8972f3:resource/ecs/service/app/app:policyName/app-cpu\","
                + "\"PolicyName\":\"app-cpu\",\"ServiceNamespace\":\"ecs\",\"ResourceId\":\"service/app/app\","
                + "\"ScalableDimension\":\"ecs:service:DesiredCount\",\"PolicyType\":\"TargetTrackingScaling\","
                + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":60.0,\"PredefinedMetricSpecification\":"
                + "{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\"},\"ScaleOutCooldown\":60,\"ScaleInCooldown\":300},"
                + "\"Alarms\":[],\"CreationTime\":" + seconds(-3600) + "}]}")));
        stub.server.stubFor(autoScaling("DescribeScalingActivities").willReturn(jsonBody("{\"ScalingActivities\":[{"
                + "\"ActivityId\":\"e6c5f7d1\",\"ServiceNamespace\":\"ecs\",\"ResourceId\":\"service/app/app\","
                + "\"ScalableDimension\":\"ecs:service:DesiredCount\",\"Description\":\"Setting desired count to 3.\","
                + "\"Cause\":\"monitor alarm TargetTracking-service/app/app-AlarmHigh-d4f0 in state ALARM triggered policy app-cpu\","
                + "\"StartTime\":" + seconds(-300) + ",\"EndTime\":" + seconds(-290) + ",\"StatusCode\":\"Successful\","
                + "\"StatusMessage\":\"Successfully set desired count to 3. Change successfully fulfilled by ecs.\"}]}")));
        stub.server.stubFor(autoScaling("RegisterScalableTarget").willReturn(jsonBody("{}")));
        stub.server.stubFor(post(urlEqualTo(CloudWatchMetrics.PATH)).willReturn(aResponse()
                .withTransformers(CloudWatchMetrics.NAME)));
        stub.server.stubFor(logs("FilterLogEvents").willReturn(jsonBody("{\"events\":["
                + logEvent("1", -20_000, "app/app/0f3c1a", "listening on 3000")
                + "," + logEvent("2", -10_000, "app/app/7d2e9b", "GET /healthz 200")
                + "],\"searchedLogStreams\":[]}")));
    }

    /** DescribeServices answers with {@code running} of {@code desired} tasks. */
    public void stubService(int desired, int running) {
        stub.server.stubFor(ecs("DescribeServices").willReturn(jsonBody("{\"services\":[{\"serviceArn\":\"" + ARN
                + "service/app/app\",\"serviceName\":\"app\",\"clusterArn\":\"" + ARN + "cluster/app\",\"status\":\"ACTIVE\","
                + "\"desiredCount\":" + desired + ",\"runningCount\":" + running + ",\"pendingCount\":" + (desired - running) + ","
                + "\"launchType\":\"FARGATE\",\"taskDefinition\":\"" + ARN + "task-definition/app:3\","
                + "\"loadBalancers\":[{\"targetGroupArn\":\"" + TARGET_GROUP + "\",\"containerName\":\"app\",\"containerPort\":3000}],"
                + "\"deployments\":[{\"id\":\"ecs-svc/9\",\"status\":\"PRIMARY\",\"taskDefinition\":\"" + ARN + "task-definition/app:3\","
                + "\"desiredCount\":" + desired + ",\"runningCount\":" + running + ",\"pendingCount\":" + (desired - running)
                + ",\"rolloutState\":\"COMPLETED\",\"createdAt\":" + seconds(-900) + "}],"
                + "\"events\":[{\"id\":\"ev2\",\"createdAt\":" + seconds(-60) + ",\"message\":\"(service app) has reached a steady state.\"},"
                + "{\"id\":\"ev1\",\"createdAt\":" + seconds(-400) + ",\"message\":\"(service app) has started 1 tasks: (task 7d2e9b).\"}],"
                + "\"tags\":[{\"key\":\"aws:cloudformation:stack-name\",\"value\":\"app\"}]}],\"failures\":[]}")));
    }

    public static final String GREEN_TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/9f1c";
    public static final String PRODUCTION_RULE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/app/50dc/6d0e/1a2b";
    public static final String DEPLOYMENT_ARN = ARN + "service-deployment/app/app/Jk3Lm9";
    public static final String TEST_URL = "http://app-1234.eu-west-1.elb.amazonaws.com:8080";

    /**
     * The service deploys blue/green with a 10-minute bake: a deployment in {@code stage} since
     * {@code stageSecondsAgo}, the production rule's weights all on green; the stack has a TestUrl output.
     */
    public void stubBlueGreen(String stage, long stageSecondsAgo) {
        stub.server.stubFor(ecs("DescribeServices").willReturn(jsonBody("{\"services\":[{\"serviceArn\":\"" + ARN
                + "service/app/app\",\"serviceName\":\"app\",\"clusterArn\":\"" + ARN + "cluster/app\",\"status\":\"ACTIVE\","
                + "\"desiredCount\":2,\"runningCount\":4,\"pendingCount\":0,\"launchType\":\"FARGATE\","
                + "\"taskDefinition\":\"" + ARN + "task-definition/app:4\","
                + "\"deploymentConfiguration\":{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":10,\"maximumPercent\":200,"
                + "\"minimumHealthyPercent\":100,\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}},"
                + "\"loadBalancers\":[{\"targetGroupArn\":\"" + TARGET_GROUP + "\",\"containerName\":\"app\",\"containerPort\":3000,"
                + "\"advancedConfiguration\":{\"alternateTargetGroupArn\":\"" + GREEN_TARGET_GROUP + "\",\"productionListenerRule\":\""
                + PRODUCTION_RULE + "\",\"testListenerRule\":\"" + PRODUCTION_RULE.replace("1a2b", "3c4d") + "\",\"roleArn\":"
                + "\"arn:aws:iam::123456789012:role/app-InfrastructureRole\"}}],"
                + "\"deployments\":[{\"id\":\"ecs-svc/10\",\"status\":\"PRIMARY\",\"taskDefinition\":\"" + ARN + "task-definition/app:4\","
                + "\"desiredCount\":2,\"runningCount\":2,\"rolloutState\":\"IN_PROGRESS\",\"createdAt\":" + seconds(-600) + "},"
                + "{\"id\":\"ecs-svc/9\",\"status\":\"ACTIVE\",\"taskDefinition\":\"" + ARN + "task-definition/app:3\","
                + "\"desiredCount\":2,\"runningCount\":2,\"rolloutState\":\"COMPLETED\",\"createdAt\":" + seconds(-3600) + "}],"
                + "\"events\":[],\"tags\":[{\"key\":\"aws:cloudformation:stack-name\",\"value\":\"app\"}]}],\"failures\":[]}")));
        stub.server.stubFor(ecs("ListServiceDeployments").willReturn(jsonBody("{\"serviceDeployments\":[{\"serviceDeploymentArn\":\""
                + DEPLOYMENT_ARN + "\",\"serviceArn\":\"" + ARN + "service/app/app\",\"clusterArn\":\"" + ARN + "cluster/app\","
                + "\"status\":\"IN_PROGRESS\",\"startedAt\":" + seconds(-600) + "}]}")));
        stub.server.stubFor(ecs("DescribeServiceDeployments").willReturn(jsonBody("{\"serviceDeployments\":[{\"serviceDeploymentArn\":\""
                + DEPLOYMENT_ARN + "\",\"serviceArn\":\"" + ARN + "service/app/app\",\"status\":\"IN_PROGRESS\","
                + "\"lifecycleStage\":\"" + stage + "\",\"startedAt\":" + seconds(-600) + ",\"updatedAt\":" + seconds(-stageSecondsAgo)
                + "}],\"failures\":[]}")));
        stub.server.stubFor(ecs("StopServiceDeployment").willReturn(jsonBody("{\"serviceDeploymentArn\":\"" + DEPLOYMENT_ARN + "\"}")));
        stub.server.stubFor(query("DescribeRules").willReturn(xml(response("DescribeRules",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<Rules><member><RuleArn>" + PRODUCTION_RULE
                        + "</RuleArn><Priority>1</Priority><Actions><member><Type>forward</Type><ForwardConfig><TargetGroups>"
                        + "<member><TargetGroupArn>" + TARGET_GROUP + "</TargetGroupArn><Weight>0</Weight></member>"
                        + "<member><TargetGroupArn>" + GREEN_TARGET_GROUP + "</TargetGroupArn><Weight>1</Weight></member>"
                        + "</TargetGroups></ForwardConfig></member></Actions></member></Rules>"))));
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.cfn("DescribeStacks",
                "<Stacks><member><StackName>app</StackName><StackId>" + AwsStub.STACK_ID + "</StackId><StackStatus>UPDATE_IN_PROGRESS"
                        + "</StackStatus><Outputs><member><OutputKey>ServiceUrl</OutputKey><OutputValue>" + URL + "</OutputValue></member>"
                        + "<member><OutputKey>TestUrl</OutputKey><OutputValue>" + TEST_URL + "</OutputValue></member></Outputs>"
                        + "</member></Stacks>"))));
    }

    private String task(String id, String status, String desired, String zone, String address, String stoppedReason) {
        return "{\"taskArn\":\"" + ARN + "task/app/" + id + "\",\"clusterArn\":\"" + ARN + "cluster/app\",\"lastStatus\":\""
                + status + "\",\"desiredStatus\":\"" + desired + "\",\"healthStatus\":\"UNKNOWN\",\"launchType\":\"FARGATE\","
                + "\"availabilityZone\":\"" + zone + "\",\"startedAt\":" + seconds(-600) + ","
                + "\"attachments\":[{\"id\":\"eni-" + id + "\",\"type\":\"ElasticNetworkInterface\",\"status\":\"ATTACHED\","
                + "\"details\":[{\"name\":\"subnetId\",\"value\":\"subnet-a\"},{\"name\":\"privateIPv4Address\",\"value\":\""
                + address + "\"}]}]" + (stoppedReason == null ? "" : ",\"stoppedAt\":" + seconds(-120)
                + ",\"stoppedReason\":\"" + stoppedReason + "\",\"stopCode\":\"ServiceSchedulerInitiated\"") + "}";
    }

    private String logEvent(String id, long millisBefore, String stream, String message) {
        long at = started.toEpochMilli() + millisBefore;
        return "{\"logStreamName\":\"" + stream + "\",\"timestamp\":" + at + ",\"message\":\"" + message
                + "\",\"ingestionTime\":" + (at + 500) + ",\"eventId\":\"" + id + "\"}";
    }

    private String seconds(long offset) {
        return String.valueOf(started.getEpochSecond() + offset);
    }

    public static MappingBuilder ecs(String operation) {
        return AwsStub.json(ECS, operation);
    }

    public static MappingBuilder autoScaling(String operation) {
        return AwsStub.json(AUTOSCALING, operation);
    }

    public static MappingBuilder logs(String operation) {
        return AwsStub.json(LOGS, operation);
    }

    /** Requests of one JSON 1.1 operation, for counting. */
    public static RequestPatternBuilder calls(String service, String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(service + "." + operation));
    }

    public static RequestPatternBuilder metricCalls() {
        return postRequestedFor(urlEqualTo(CloudWatchMetrics.PATH));
    }
}
