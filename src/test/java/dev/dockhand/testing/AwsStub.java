package dev.dockhand.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockhand.aws.AwsSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A local HTTP stand-in for AWS that speaks the services' wire protocols: awsQuery (form POST, XML
 * answers) for STS, CloudFormation and ELBv2, ec2Query for EC2, awsJson1_1 (X-Amz-Target) for ECS,
 * ECR, CloudWatch Logs, Application Auto Scaling and Secrets Manager, Smithy RPC v2 CBOR for CloudWatch. Answers are shaped like the examples in the APIs' documentation.
 */
public final class AwsStub implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";

    public final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1").extensions(new CloudWatchMetrics()));

    public AwsStub() {
        server.start();
    }

    public AwsSession session() {
        return AwsSession.at(URI.create(server.baseUrl()), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")));
    }

    /** A query-protocol action (STS, CloudFormation, ELBv2, EC2). */
    public static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    /** A JSON 1.1 action, e.g. ("AmazonEC2ContainerServiceV20141113", "DescribeServices"). */
    public static MappingBuilder json(String service, String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(service + "." + operation));
    }

    public static MappingBuilder ecs(String operation) {
        return json("AmazonEC2ContainerServiceV20141113", operation);
    }

    public static MappingBuilder secrets(String operation) {
        return json("secretsmanager", operation);
    }

    public static MappingBuilder ecr(String operation) {
        return json("AmazonEC2ContainerRegistry_V20150921", operation);
    }

    public static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    public static ResponseDefinitionBuilder jsonBody(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    public static ResponseDefinitionBuilder queryError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>4c5d-example</RequestId></ErrorResponse>");
    }

    /** EC2's own error shape (ec2Query): Response/Errors/Error. */
    public static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>ea96-example</RequestID></Response>");
    }

    public static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    public static String response(String action, String namespace, String result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>b9b4-example</RequestId></ResponseMetadata></" + action + "Response>";
    }

    public static String cfn(String action, String result) {
        return response(action, "http://cloudformation.amazonaws.com/doc/2010-05-15/", result);
    }

    private static final String STS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public static final java.time.Instant T0 = java.time.Instant.parse("2026-11-27T10:00:00Z");
    public static final String STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/app/6a1b";

    public void stubIdentity() {
        server.stubFor(query("GetCallerIdentity").willReturn(xml(response("GetCallerIdentity", STS,
                "<Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"))));
    }

    /** A default VPC with public subnets in eu-west-1a and b, and private ones (behind a NAT) in a and b. */
    public void stubNetwork() {
        server.stubFor(query("DescribeVpcs").willReturn(xml("<DescribeVpcsResponse xmlns=\"" + EC2 + "\"><requestId>r</requestId>"
                + "<vpcSet><item><vpcId>vpc-9</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault></item>"
                + "<item><vpcId>vpc-1</vpcId><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>")));
        StringBuilder subnets = new StringBuilder();
        String[][] rows = {{"subnet-a", "eu-west-1a"}, {"subnet-b", "eu-west-1b"}, {"subnet-a2", "eu-west-1a"},
                {"subnet-c", "eu-west-1a"}, {"subnet-d", "eu-west-1b"}};
        for (String[] row : rows) {
            subnets.append("<item><subnetId>").append(row[0]).append("</subnetId><vpcId>vpc-1</vpcId><availabilityZone>")
                    .append(row[1]).append("</availabilityZone><cidrBlock>172.31.0.0/20</cidrBlock></item>");
        }
        server.stubFor(query("DescribeSubnets").willReturn(xml("<DescribeSubnetsResponse xmlns=\"" + EC2
                + "\"><requestId>r</requestId><subnetSet>" + subnets + "</subnetSet></DescribeSubnetsResponse>")));
        server.stubFor(query("DescribeRouteTables").willReturn(xml("<DescribeRouteTablesResponse xmlns=\"" + EC2
                + "\"><requestId>r</requestId><routeTableSet>"
                + "<item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
                + "<gatewayId>igw-1</gatewayId></item></routeSet><associationSet><item><routeTableAssociationId>a1</routeTableAssociationId>"
                + "<routeTableId>rtb-main</routeTableId><main>true</main></item></associationSet></item>"
                + "<item><routeTableId>rtb-private</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
                + "<natGatewayId>nat-1</natGatewayId></item></routeSet><associationSet>"
                + "<item><routeTableAssociationId>a2</routeTableAssociationId><routeTableId>rtb-private</routeTableId><subnetId>subnet-c</subnetId><main>false</main></item>"
                + "<item><routeTableAssociationId>a3</routeTableAssociationId><routeTableId>rtb-private</routeTableId><subnetId>subnet-d</subnetId><main>false</main></item>"
                + "</associationSet></item></routeTableSet></DescribeRouteTablesResponse>")));
    }

    /** The service whose stack the instance methods answer for (the folder's name where a test deploys a fixture). */
    private String service = "app";

    public AwsStub service(String name) {
        this.service = name;
        return this;
    }

    /** DescribeStacks of stack "app" in {@code status}, made by Dockhand: its tag and outputs. */
    public static String stack(String status, String url) {
        return stack("app", status, url);
    }

    /** DescribeStacks of this stub's service's stack, made by Dockhand. */
    public String ownStack(String status, String url) {
        return stack(service, status, url);
    }

    /** DescribeStacks of Dockhand's stack for {@code service} in {@code status}: its tag and the outputs its template declares. */
    public static String stack(String service, String status, String url) {
        return describedStack(service, status, "<Tags><member><Key>dockhand:service</Key><Value>" + service + "</Value></member></Tags>"
                + "<Description>Dockhand: " + service + " on Amazon ECS (Fargate) behind an application load balancer</Description>"
                + "<Outputs>" + output("ServiceUrl", url) + output("ClusterName", service) + output("ServiceName", service)
                + output("DockhandService", service)
                + output("ServiceArn", "arn:aws:ecs:eu-west-1:123456789012:service/" + service + "/" + service)
                + output("TargetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/73e2")
                + "</Outputs>");
    }

    /** DescribeStacks of a stack named {@code name} with the given inner XML (tags, description, outputs). */
    public static String describedStack(String name, String status, String inner) {
        return cfn("DescribeStacks", "<Stacks><member><StackName>" + name + "</StackName><StackId>" + STACK_ID + "</StackId>"
                + "<CreationTime>2026-11-27T09:59:00Z</CreationTime><StackStatus>" + status + "</StackStatus>" + inner
                + "</member></Stacks>");
    }

    /** DescribeStacks of {@code service}'s stack as earlier versions of Dockhand made it: their description and outputs, no tag. */
    public static String earlierDockhandStack(String service, String status) {
        return describedStack(service, status, "<Description>Dockhand: " + service + " on Amazon ECS (Fargate) behind an "
                + "application load balancer, with CPU autoscaling</Description><Outputs>" + output("ServiceUrl", "http://x")
                + output("ClusterName", service) + output("ServiceName", service) + "</Outputs>");
    }

    /** DescribeStacks of a stack somebody else made under {@code name}: their tags, description and outputs. */
    public static String foreignStack(String name, String status) {
        return describedStack(name, status, "<Tags><member><Key>team</Key><Value>payments</Value></member></Tags>"
                + "<Description>Payments queue</Description><Outputs>" + output("QueueUrl", "https://sqs.example/q") + "</Outputs>");
    }

    private static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    public static String event(int id, String logical, String type, String status, String reason, int secondsAfterT0) {
        return "<member><EventId>e" + id + "</EventId><StackName>app</StackName><StackId>" + STACK_ID + "</StackId>"
                + "<LogicalResourceId>" + logical + "</LogicalResourceId><ResourceType>" + type + "</ResourceType>"
                + "<Timestamp>" + T0.plusSeconds(secondsAfterT0) + "</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>") + "</member>";
    }

    /** A change set (two changes) in {@code status}; executing it moves {@code scenario} to "executing". */
    public void stubChangeSet(String scenario, String status, String reason) {
        server.stubFor(query("CreateChangeSet").willReturn(xml(cfn("CreateChangeSet",
                "<Id>arn:aws:cloudformation:eu-west-1:123456789012:changeSet/dockhand/1</Id><StackId>" + STACK_ID + "</StackId>"))));
        server.stubFor(query("DescribeChangeSet").willReturn(xml(cfn("DescribeChangeSet",
                "<ChangeSetName>dockhand-20261127-100000</ChangeSetName><StackName>app</StackName><Status>" + status + "</Status>"
                        + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>")
                        + "<ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>"
                        + "<member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>Cluster</LogicalResourceId>"
                        + "<ResourceType>AWS::ECS::Cluster</ResourceType></ResourceChange></member>"
                        + "<member><Type>Resource</Type><ResourceChange><Action>Modify</Action><LogicalResourceId>TaskDefinition</LogicalResourceId>"
                        + "<ResourceType>AWS::ECS::TaskDefinition</ResourceType><Replacement>True</Replacement></ResourceChange></member>"
                        + "</Changes>"))));
        server.stubFor(query("ExecuteChangeSet").inScenario(scenario).willReturn(xml(cfn("ExecuteChangeSet", "")))
                .willSetStateTo("executing"));
        server.stubFor(query("DeleteChangeSet").willReturn(xml(cfn("DeleteChangeSet", ""))));
    }

    /** After the change set runs, DescribeStacks answers each status once, in order; the last one stays. */
    public void stubStackStates(String scenario, String url, String... statuses) {
        for (int i = 0; i < statuses.length; i++) {
            String state = i == 0 ? "executing" : "s" + i;
            var mapping = query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(xml(ownStack(statuses[i], url)));
            server.stubFor(i + 1 < statuses.length ? mapping.willSetStateTo("s" + (i + 1)) : mapping);
        }
    }

    /** Stack "app" does not exist until a change set is executed. */
    public void stubNoStackYet(String scenario) {
        server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(queryError(400, "ValidationError", "Stack with id app does not exist")));
    }

    /** The ECS service with {@code running} of 2 tasks, and two healthy targets. */
    public void stubService(int running) {
        server.stubFor(ecs("DescribeServices").willReturn(jsonBody(("{\"services\":[{\"serviceName\":\"app\","
                + "\"serviceArn\":\"arn:aws:ecs:eu-west-1:123456789012:service/app/app\",\"status\":\"ACTIVE\","
                + "\"desiredCount\":2,\"runningCount\":%d,\"pendingCount\":0,"
                + "\"deployments\":[{\"id\":\"ecs-svc/1\",\"status\":\"PRIMARY\",\"desiredCount\":2,\"runningCount\":%d,"
                + "\"rolloutState\":\"%s\"}]}],\"failures\":[]}").formatted(running, running, running == 2 ? "COMPLETED" : "IN_PROGRESS"))));
        server.stubFor(query("DescribeTargetHealth").willReturn(xml(response("DescribeTargetHealth",
                "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "<TargetHealthDescriptions>"
                        + "<member><Target><Id>10.0.1.7</Id><Port>3000</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>"
                        + "<member><Target><Id>10.0.2.9</Id><Port>3000</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>"
                        + "</TargetHealthDescriptions>"))));
    }

    private static final String TASK_ARN = "arn:aws:ecs:eu-west-1:123456789012:task/app/";

    /**
     * Stack "app" exists; an update whose new tasks exit with code 1 after logging why, one more stopped at each poll (DescribeStacks says
     * UPDATE_IN_PROGRESS until the update is cancelled, then UPDATE_ROLLBACK_COMPLETE).
     */
    public void stubUpdateWhoseNewTasksExit(java.time.Instant tasksCreated) {
        String scenario = "failing";
        server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(ownStack("UPDATE_COMPLETE", "URL"))));
        stubChangeSet(scenario, "CREATE_COMPLETE", null);
        server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("executing")
                .willReturn(xml(ownStack("UPDATE_IN_PROGRESS", "URL"))));
        server.stubFor(query("CancelUpdateStack").inScenario(scenario).willReturn(xml(cfn("CancelUpdateStack", "")))
                .willSetStateTo("cancelled"));
        server.stubFor(query("DescribeStacks").inScenario(scenario).whenScenarioStateIs("cancelled")
                .willReturn(xml(ownStack("UPDATE_ROLLBACK_COMPLETE", "URL"))));
        server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + event(1, "Service", "AWS::ECS::Service", "UPDATE_IN_PROGRESS", null, 10) + "</StackEvents>"))));
        server.stubFor(ecs("DescribeServices").willReturn(jsonBody("{\"services\":[{\"serviceName\":\"app\","
                + "\"status\":\"ACTIVE\",\"desiredCount\":2,\"runningCount\":2,\"pendingCount\":1,"
                + "\"loadBalancers\":[{\"targetGroupArn\":\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/73e2\","
                + "\"containerName\":\"app\",\"containerPort\":3000}],"
                + "\"deployments\":[{\"id\":\"ecs-svc/2\",\"status\":\"PRIMARY\",\"desiredCount\":2,\"runningCount\":0,"
                + "\"rolloutState\":\"IN_PROGRESS\"},{\"id\":\"ecs-svc/1\",\"status\":\"ACTIVE\",\"desiredCount\":2,"
                + "\"runningCount\":2,\"rolloutState\":\"COMPLETED\"}]}],\"failures\":[]}")));
        String elb = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
        server.stubFor(query("DescribeTargetGroups").willReturn(xml(response("DescribeTargetGroups", elb,
                "<TargetGroups><member><TargetGroupArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/73e2"
                        + "</TargetGroupArn><HealthCheckPath>/health</HealthCheckPath></member></TargetGroups>"))));
        server.stubFor(query("DescribeTargetHealth").willReturn(xml(response("DescribeTargetHealth", elb,
                "<TargetHealthDescriptions><member><Target><Id>10.0.1.7</Id><Port>3000</Port></Target><TargetHealth>"
                        + "<State>healthy</State></TargetHealth></member></TargetHealthDescriptions>"))));
        // One more stopped task of the new deployment at each poll, beside an old one of the deployment before.
        String[] states = {Scenario.STARTED, "one", "two", "three"};
        for (int i = 0; i < 3; i++) {
            StringBuilder arns = new StringBuilder("\"" + TASK_ARN + "old\"");
            for (int t = 1; t <= i + 1; t++) {
                arns.append(",\"").append(TASK_ARN).append("new").append(t).append('"');
            }
            server.stubFor(ecs("ListTasks").inScenario("tasks").whenScenarioStateIs(states[i]).willSetStateTo(states[i + 1])
                    .willReturn(jsonBody("{\"taskArns\":[" + arns + "]}")));
        }
        server.stubFor(ecs("DescribeTasks").withRequestBody(containing("task/app/old")).willReturn(jsonBody(
                "{\"tasks\":[" + task(tasksCreated, "old", "ecs-svc/1", "UserInitiated", "Stopped from Dockhand's monitoring window", 0) + "],"
                        + "\"failures\":[]}")));
        for (int t = 1; t <= 3; t++) {
            server.stubFor(ecs("DescribeTasks").withRequestBody(containing("task/app/new" + t)).willReturn(jsonBody(
                    "{\"tasks\":[" + task(tasksCreated, "new" + t, "ecs-svc/2", "EssentialContainerExited", "Essential container in task exited", 1)
                            + "],\"failures\":[]}")));
        }
        server.stubFor(ecs("DescribeTaskDefinition").willReturn(jsonBody("{\"taskDefinition\":{\"family\":\"app\","
                + "\"containerDefinitions\":[{\"name\":\"app\",\"logConfiguration\":{\"logDriver\":\"awslogs\","
                + "\"options\":{\"awslogs-group\":\"/ecs/app\",\"awslogs-stream-prefix\":\"app\"}}}]}}")));
        server.stubFor(json("Logs_20140328", "GetLogEvents").withRequestBody(containing("\"logStreamName\":\"app/app/new"))
                .willReturn(jsonBody("{\"events\":[{\"timestamp\":1795780810000,\"message\":\"Listening on 3000\"},"
                        + "{\"timestamp\":1795780811000,\"message\":\"Error: DATABASE_URL is not set\\n\"}]}")));
    }

    private static String task(java.time.Instant createdAt, String id, String startedBy, String stopCode, String reason, int exitCode) {
        long created = createdAt.getEpochSecond();
        return "{\"taskArn\":\"" + TASK_ARN + id + "\",\"lastStatus\":\"STOPPED\",\"desiredStatus\":\"STOPPED\","
                + "\"startedBy\":\"" + startedBy + "\",\"createdAt\":" + created + ",\"stoppedAt\":" + (created + 20) + ","
                + "\"stopCode\":\"" + stopCode + "\",\"stoppedReason\":\"" + reason + "\",\"memory\":\"512\","
                + "\"taskDefinitionArn\":\"arn:aws:ecs:eu-west-1:123456789012:task-definition/app:8\","
                + "\"containers\":[{\"name\":\"app\",\"lastStatus\":\"STOPPED\",\"exitCode\":" + exitCode + "}],"
                + "\"attachments\":[{\"type\":\"ElasticNetworkInterface\",\"details\":[{\"name\":\"privateIPv4Address\","
                + "\"value\":\"10.0.1.2" + id.length() + "\"}]}]}";
    }

    /**
     * The CLI as a separate process whose only way to AWS is AWS_ENDPOINT_URL pointing at this stub, with keys
     * in the environment and an empty home (as on a CI runner: the JVM takes user.home from the passwd entry).
     */
    public DockhandProcess cli(Path temp) {
        return new DockhandProcess(temp.resolve("runs")).timeoutSeconds(120)
                .jvmOption("-Ddockhand.aws.pollMillis=20", "-Duser.home=" + temp.resolve("home"))
                .environment(env -> {
                    env.keySet().removeIf(k -> k.startsWith("AWS_"));
                    env.put("AWS_ENDPOINT_URL", server.baseUrl());
                    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
                    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
                    env.put("AWS_REGION", "eu-west-1");
                    env.put("AWS_EC2_METADATA_DISABLED", "true");
                    env.put("HOME", temp.resolve("home").toString());
                });
    }

    /** How many requests of the operation {@code name} (a query action or a JSON target's operation, e.g. "DeleteRepository") the stub got. */
    public long calls(String name) {
        return server.getAllServeEvents().stream().filter(e -> {
            String target = e.getRequest().getHeader("X-Amz-Target");
            return target != null ? target.endsWith("." + name) : e.getRequest().getBodyAsString().contains("Action=" + name + "&");
        }).count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
