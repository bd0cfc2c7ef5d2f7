package dev.dockhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.CloudFormationSpec;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dockhand.testing.AwsStub.cfn;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.queryError;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * template, deploy and destroy as a user runs them: a separate process whose only way to AWS is
 * AWS_ENDPOINT_URL, pointing at the wire-protocol stub.
 */
class AwsCommandsTest {

    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-npm:1a2b3c4";

    @TempDir
    Path temp;

    private AwsStub stub;
    private Path project;
    private final List<String> extraJvmOptions = new ArrayList<>();
    private String endpoint;

    @BeforeEach
    void start() {
        stub = new AwsStub().service("node-npm");
        project = Fixtures.copy("node-npm", temp);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Run dockhand(String... args) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).timeoutSeconds(120)
                // An empty home, as on a CI runner: the JVM takes user.home from the passwd entry, not from HOME.
                .jvmOption("-Ddockhand.aws.pollMillis=20", "-Duser.home=" + temp.resolve("home"))
                .jvmOption(extraJvmOptions.toArray(String[]::new))
                .environment(env -> {
                    env.keySet().removeIf(k -> k.startsWith("AWS_"));
                    env.put("AWS_ENDPOINT_URL", endpoint != null ? endpoint : stub.server.baseUrl());
                    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
                    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
                    env.put("AWS_REGION", "eu-west-1");
                    env.put("AWS_EC2_METADATA_DISABLED", "true");
                    env.put("HOME", temp.resolve("home").toString());
                })
                .run(args);
    }

    /** A created stack that DeleteStack removes: afterwards it does not exist. */
    private void stubStackDeletion() {
        stub.server.stubFor(query("DescribeStacks").inScenario("d").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(xml(stub.ownStack("CREATE_COMPLETE", "http://x"))));
        stub.server.stubFor(query("DeleteStack").inScenario("d").willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("gone"));
        stub.server.stubFor(query("DescribeStacks").inScenario("d").whenScenarioStateIs("gone")
                .willReturn(AwsStub.queryError(400, "ValidationError", "Stack with id x does not exist")));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(AwsStub.queryError(400, "ValidationError", "Stack with id x does not exist")));
    }

    private void stubCreation(int runningTasks) {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.stubNoStackYet("create");
        stub.stubChangeSet("create", "CREATE_COMPLETE", null);
        String url = stub.server.baseUrl() + "/service";
        stub.stubStackStates("create", url, "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents>"
                + AwsStub.event(1, "Cluster", "AWS::ECS::Cluster", "CREATE_COMPLETE", null, 3600 * 24 * 365 * 10)
                + "</StackEvents>"))));
        stub.stubService(runningTasks);
        stub.server.stubFor(get(urlEqualTo("/service")).willReturn(aResponse().withStatus(200).withBody("hello")));
    }

    @Test
    void statusOfTheAwsServicePrintsOneSnapshotFromTheWatcherAsJson() throws Exception {
        new dev.dockhand.testing.EcsServiceStub(stub, java.time.Instant.now());

        Run run = dockhand("status", project.toString(), "--target", "aws", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode snapshot = new ObjectMapper().readTree(run.out());
        assertThat(snapshot.fieldNames()).toIterable().contains("service", "status", "desired", "running", "pending",
                "deployments", "tasks", "activities", "events", "cpu", "memory", "targets");
        assertThat(snapshot.path("service").asText()).isEqualTo("app");
        assertThat(snapshot.path("desired").asInt()).isEqualTo(2);
        assertThat(snapshot.path("tasks")).hasSize(3);
        assertThat(snapshot.path("tasks").get(2).path("stoppedReason").asText()).startsWith("Task failed ELB health checks");
        assertThat(snapshot.path("cpu")).as("the last hour, one point a minute").hasSize(60);
        assertThat(snapshot.path("activities").get(0).path("description").asText()).isEqualTo("Setting desired count to 3.");
        assertThat(snapshot.path("targets")).hasSize(2);
        assertThat(snapshot.path("scaling").path("cpuTargetPercent").asDouble()).isEqualTo(60.0);
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeStacks&"))
                .withRequestBody(containing("StackName=node-npm")));
    }

    @Test
    void statusOfAnAwsServiceThatWasNeverDeployedSaysSo() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(queryError(400, "ValidationError",
                "Stack with id node-npm does not exist")));

        Run run = dockhand("status", project.toString(), "--target", "aws");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("There is no stack \"node-npm\" in eu-west-1").contains("dockhand deploy DIR --target aws");
    }

    @Test
    void deployWithAnImageCreatesTheStackAndReportsJsonLast() throws Exception {
        stubCreation(2);

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--json", "--min", "2", "--max", "5");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode json = run.lastJson();
        assertThat(json.get("serviceStable").asBoolean()).isTrue();
        assertThat(json.get("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(json.get("url").asText()).endsWith("/service");
        assertThat(json.get("serviceArn").asText()).startsWith("arn:aws:ecs:");
        assertThat(json.get("failedResource").isNull()).isTrue();
        assertThat(run.out()).contains("AWS account 123456789012").contains("Estimated cost: about $");
        String settings = Files.readString(project.resolve("dockhand.yaml"));
        assertThat(settings).contains("vpc: vpc-1").contains("subnet-a").contains("max: 5").doesNotContain("wJalrXUtnFEMI");
        assertThat(settings).as("the target is recorded as the wizard records it").containsPattern("(?m)^target: aws$");
        JsonNode template = new YAMLMapper().readTree(project.resolve("infra/dockhand-stack.yaml").toFile());
        assertThat(template.path("Parameters").path("VpcId").path("Default").asText()).isEqualTo("vpc-1");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet"))
                .withRequestBody(containing("ParameterValue=" + IMAGE.replace("/", "%2F").replace(":", "%3A"))));
    }

    @Test
    void withoutYesAndWithoutATerminalNothingIsExecuted() throws Exception {
        stubCreation(2);

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("run again with --yes");
        assertThat(run.lastJson().get("reason").asText()).contains("nothing was changed");
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ExecuteChangeSet")));
    }

    @Test
    void aServiceThatDoesNotSettleInTimeExitsWithThree() throws Exception {
        stubCreation(0);

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--json", "--wait-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode json = run.lastJson();
        assertThat(json.get("serviceStable").asBoolean()).isFalse();
        assertThat(json.get("timedOut").asBoolean()).isTrue();
        assertThat(json.get("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteStack")));
    }

    /**
     * The whole pipeline: build and test on the real engine, push to ECR (the API from the stub, the
     * registry a real one that takes ECR's "AWS" user and token), then the stack.
     */
    @Test
    @org.junit.jupiter.api.Tag("docker")
    void deployWithoutAnImageBuildsTestsAndPushesFirst() throws Exception {
        dev.dockhand.testing.DockerCli.requireEngine();
        String token = "ecr-token-" + java.util.UUID.randomUUID();
        try (dev.dockhand.testing.LocalRegistry registry = dev.dockhand.testing.LocalRegistry.start(
                Files.createDirectories(temp.resolve("registry")), "AWS", token)) {
            stubCreation(2);
            stub.server.stubFor(AwsStub.ecr("DescribeRepositories").willReturn(AwsStub.jsonError(400, "RepositoryNotFoundException",
                    "The repository with name 'node-npm' does not exist in the registry with id '123456789012'")));
            stub.server.stubFor(AwsStub.ecr("CreateRepository").willReturn(AwsStub.jsonBody(
                    "{\"repository\":{\"repositoryName\":\"node-npm\",\"repositoryUri\":\"" + registry.address() + "/node-npm\"}}")));
            stub.server.stubFor(AwsStub.ecr("PutLifecyclePolicy").willReturn(AwsStub.jsonBody("{}")));
            stub.server.stubFor(AwsStub.ecr("GetAuthorizationToken").willReturn(AwsStub.jsonBody(
                    "{\"authorizationData\":[{\"authorizationToken\":\"" + java.util.Base64.getEncoder().encodeToString(
                            ("AWS:" + token).getBytes(StandardCharsets.UTF_8)) + "\",\"proxyEndpoint\":\"http://" + registry.address() + "\"}]}")));
            assertThat(dockhand("dockerfile", "--write", project.toString()).exitCode()).isZero();

            Run run = dockhand("deploy", project.toString(), "--target", "aws", "--yes", "--json");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("Healthy: 200").contains("Created ECR repository " + registry.address() + "/node-npm")
                    .doesNotContain(token);
            assertThat(run.err()).doesNotContain(token);
            String pushed = registry.address() + "/node-npm:";
            stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet"))
                    .withRequestBody(containing("ParameterValue=" + pushed.replace("/", "%2F").replace(":", "%3A"))));
            String images = dev.dockhand.testing.DockerCli.docker("images", "--format", "{{.Repository}}:{{.Tag}}").output();
            images.lines().filter(i -> i.startsWith("node-npm:") || i.startsWith(pushed))
                    .forEach(i -> dev.dockhand.testing.DockerCli.docker("rmi", "-f", i));
        }
    }

    @Test
    void latestIsNotAnImageToDeploy() throws Exception {
        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("immutable tag");
    }

    @Test
    void destroyNeedsYesThenDeletesTheStack() throws Exception {
        Run refused = dockhand("destroy", project.toString(), "--target", "aws");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");

        stubStackDeletion();

        Run run = dockhand("destroy", project.toString(), "--target", "aws", "--yes", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.lastJson().get("stackStatus").asText()).isEqualTo("DELETE_COMPLETE");
    }

    @Test
    void templatePrintsAValidTemplateWithoutCallingAws() throws Exception {
        Run run = dockhand("template", project.toString(), "--image", IMAGE, "--desired", "3", "--max", "8");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode template = new YAMLMapper().readTree(run.out());
        assertThat(template.path("Parameters").path("ImageUri").path("Default").asText()).isEqualTo(IMAGE);
        assertThat(template.path("Resources").path("ScalableTarget").path("Properties").path("MaxCapacity").asInt()).isEqualTo(8);
        assertThat(CloudFormationSpec.load().validate(template)).isEmpty();
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void blueGreenIsAChoiceOfTheFlagsAndOfDockhandYaml() throws Exception {
        Run flags = dockhand("template", project.toString(), "--image", IMAGE, "--deployment", "blue-green", "--bake-minutes", "20");
        assertThat(flags.exitCode()).as(flags.err()).isZero();
        JsonNode fromFlags = new YAMLMapper().readTree(flags.out());
        assertThat(fromFlags.path("Resources").path("Service").path("Properties").path("DeploymentConfiguration")
                .path("BakeTimeInMinutes").asInt()).isEqualTo(20);
        assertThat(CloudFormationSpec.load().validate(fromFlags)).isEmpty();

        Files.writeString(project.resolve("dockhand.yaml"), "aws:\n  deployment: blue-green\n");
        JsonNode fromFile = new YAMLMapper().readTree(dockhand("template", project.toString(), "--image", IMAGE).out());
        assertThat(fromFile.path("Resources").path("Service").path("Properties").path("DeploymentConfiguration")
                .path("BakeTimeInMinutes").asInt()).as("the default bake time").isEqualTo(10);

        Run wrong = dockhand("template", project.toString(), "--image", IMAGE, "--deployment", "sideways");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("The deployment \"sideways\" is not one Dockhand knows: deployment is \"rolling\"");
    }

    private static final String PLANTED = Fixtures.PLANTED;
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockhand/node-config-app-Ab12Cd";

    private void stubNoSecretYet() {
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").willReturn(AwsStub.jsonError(400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.")));
        stub.server.stubFor(AwsStub.secrets("CreateSecret").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"Name\":\"dockhand/node-config-app\",\"VersionId\":\"0f1e2d3c-v1\"}")));
    }

    private static String allBodies(List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests) {
        StringBuilder text = new StringBuilder();
        requests.forEach(r -> text.append(java.net.URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8)).append('\n'));
        return text.toString();
    }

    private List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests(String marker) {
        return stub.server.findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .filter(r -> r.getBodyAsString().contains("Action=" + marker + "&") || marker.equals(r.getHeader("X-Amz-Target")))
                .toList();
    }

    @Test
    void deployStoresSecretsInSecretsManagerOnlyAndTheTaskReferencesThem() throws Exception {
        project = Fixtures.configApp(temp);
        stubCreation(2);
        stubNoSecretYet();

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Created the secret dockhand/node-config-app in Secrets Manager (3 keys)");
        // The values are where they belong: in the CreateSecret call, and nowhere else.
        assertThat(allBodies(requests("secretsmanager.CreateSecret"))).contains("PLANTED-SECRET-db-7f3a", "PLANTED-SECRET-session-91c2",
                "PLANTED-SECRET-pem-line-44d1");
        var others = stub.server.findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .filter(r -> !"secretsmanager.CreateSecret".equals(r.getHeader("X-Amz-Target"))).toList();
        assertThat(allBodies(others)).doesNotContain(PLANTED);
        assertThat(run.out() + run.err()).doesNotContain(PLANTED);
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).doesNotContain(PLANTED).contains("DATABASE_URL");
        String template = Files.readString(project.resolve("infra/dockhand-stack.yaml"));
        assertThat(template).doesNotContain(PLANTED);

        // The change set names the secret's ARN and pinned version as parameters, and the task reads the keys from it.
        String changeSet = allBodies(requests("CreateChangeSet"));
        assertThat(changeSet).contains("ParameterKey=ConfigSecretArn", SECRET_ARN, "ParameterKey=ConfigSecretVersion", "0f1e2d3c-v1");
        // A new stack starts at dockhand.yaml's desired count (2).
        assertThat(changeSet).containsPattern("ParameterKey=DesiredCount&Parameters\\.member\\.\\d\\.ParameterValue=2");
        JsonNode container = new YAMLMapper().readTree(template).path("Resources").path("TaskDefinition").path("Properties")
                .path("ContainerDefinitions").get(0);
        assertThat(container.path("Secrets").findValuesAsText("Name")).containsExactlyInAnyOrder("DATABASE_URL", "SESSION_SECRET", "PRIVATE_KEY");
        assertThat(container.path("Environment").toString()).contains("LOG_LEVEL").contains("debug")
                .contains("GREETING").contains("hello from the container");
        assertThat(CloudFormationSpec.load().validate(new YAMLMapper().readTree(template))).isEmpty();
    }

    @Test
    void aSecondDeployFromCiKeepsTheStoredSecretsWithoutTheirSourceAndRefusesToDropAPlainValue() throws Exception {
        project = Fixtures.configApp(temp);
        // CI: the .env file is not in the checkout; dockhand.yaml (committed) says where the values came from.
        Files.writeString(project.resolve("dockhand.yaml"), """
                config:
                  DATABASE_URL: {kind: secret, from: .env}
                  SESSION_SECRET: {kind: secret, from: .env}
                  LOG_LEVEL: {kind: plain, from: environment}
                """);
        Files.delete(project.resolve(".env"));
        stubCreation(2);
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"Name\":\"dockhand/node-config-app\",\"Tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"node-config-app\"}]}")));
        stub.server.stubFor(AwsStub.secrets("GetSecretValue").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"SecretString\":\"{\\\"DATABASE_URL\\\":\\\"stored-db\\\",\\\"SESSION_SECRET\\\":\\\"stored-s\\\"}\","
                + "\"VersionId\":\"v7\"}")));

        Run refused = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("No value here for LOG_LEVEL").contains("would remove it from the running tasks");
        assertThat(requests("CreateChangeSet")).isEmpty();

        Files.writeString(project.resolve("dockhand.yaml"), Files.readString(project.resolve("dockhand.yaml"))
                .replace("LOG_LEVEL: {kind: plain, from: environment}", "LOG_LEVEL: {kind: plain, from: omit}"));
        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Unchanged: dockhand/node-config-app").contains("DATABASE_URL, SESSION_SECRET kept as stored");
        assertThat(requests("secretsmanager.PutSecretValue")).isEmpty();
        assertThat(allBodies(requests("CreateChangeSet"))).contains("ParameterKey=ConfigSecretVersion", "v7");
    }

    @Test
    void configListsTheVariablesWithoutValuesAndChangesThemInDockhandYaml() throws Exception {
        project = Fixtures.configApp(temp);

        Run analyze = dockhand("analyze", project.toString(), "--json");
        assertThat(analyze.exitCode()).as(analyze.err()).isZero();
        assertThat(analyze.out()).contains("\"configuration\"").contains("DATABASE_URL").doesNotContain(PLANTED);
        Run dockerfile = dockhand("dockerfile", project.toString());
        assertThat(dockerfile.out() + dockerfile.err()).doesNotContain(PLANTED).doesNotContain("DATABASE_URL");

        Run list = dockhand("config", project.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("DATABASE_URL +secret +\\.env +src/config\\.js:7")
                .containsPattern("LOG_LEVEL +plain +\\.env")
                .containsPattern("STRIPE_API_KEY +secret +left out");
        assertThat(list.out() + list.err()).doesNotContain(PLANTED).doesNotContain("debug");

        Run change = dockhand("config", project.toString(), "--from", "STRIPE_API_KEY=arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Ab12Cd",
                "--plain", "GREETING", "--json");
        assertThat(change.exitCode()).as(change.err()).isZero();
        JsonNode json = change.lastJson();
        assertThat(json.path("variables").findValuesAsText("name")).contains("DATABASE_URL", "STRIPE_API_KEY");
        assertThat(json.toString()).doesNotContain(PLANTED);
        String yaml = Files.readString(project.resolve("dockhand.yaml"));
        assertThat(yaml).contains("STRIPE_API_KEY:").contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Ab12Cd")
                .doesNotContain(PLANTED);

        Run bad = dockhand("config", project.toString(), "--from", "LOG_LEVEL=/etc/passwd");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("is not a source").contains("environment, stored, omit");
        Run badName = dockhand("config", project.toString(), "--secret", "9-LIVES", "--from", "9-LIVES=stored");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("letters, digits and underscores");
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).isEqualTo(yaml);
    }

    @Test
    void templateReferencesTheSecretThroughParametersAndHoldsNoSecretValue() throws Exception {
        project = Fixtures.configApp(temp);
        Run run = dockhand("template", project.toString(), "--image", IMAGE);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain(PLANTED).contains("ConfigSecretArn").contains("LOG_LEVEL");
        assertThat(CloudFormationSpec.load().validate(new YAMLMapper().readTree(run.out()))).isEmpty();
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void destroyWithDeleteSecretDeletesOnlyDockhandsSecretAfterTheStack() throws Exception {
        project = Fixtures.configApp(temp);
        stub.service("node-config-app");
        stubStackDeletion();
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"Name\":\"dockhand/node-config-app\",\"Tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"node-config-app\"}]}")));
        stub.server.stubFor(AwsStub.secrets("DeleteSecret").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"DeletionDate\":1796400000}")));

        Run asked = dockhand("destroy", project.toString(), "--target", "aws", "--delete-secret");
        assertThat(asked.err()).contains("and its secret in Secrets Manager (restorable for 7 days)");
        Run run = dockhand("destroy", project.toString(), "--target", "aws", "--delete-secret", "--yes");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(PLANTED);
        assertThat(run.out()).contains("Deleted the secret dockhand/node-config-app; it can be restored until 2026-12-04");
        assertThat(allBodies(requests("secretsmanager.DeleteSecret"))).contains("\"RecoveryWindowInDays\":7");
    }

    @Test
    void aSecretInItsRecoveryWindowIsRestoredOnlyWhenAskedTo() throws Exception {
        project = Fixtures.configApp(temp);
        stubCreation(2);
        String deleted = "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"dockhand/node-config-app\",\"DeletedDate\":1796000000,"
                + "\"Tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"node-config-app\"}]}";
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").inScenario("restore").whenScenarioStateIs(
                com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willReturn(AwsStub.jsonBody(deleted)));
        stub.server.stubFor(AwsStub.secrets("RestoreSecret").inScenario("restore").willReturn(AwsStub.jsonBody(
                "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"dockhand/node-config-app\"}")).willSetStateTo("restored"));
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").inScenario("restore").whenScenarioStateIs("restored")
                .willReturn(AwsStub.jsonBody(deleted.replace("\"DeletedDate\":1796000000,", ""))));
        stub.server.stubFor(AwsStub.secrets("GetSecretValue").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"SecretString\":\"{}\",\"VersionId\":\"v1\"}")));
        stub.server.stubFor(AwsStub.secrets("PutSecretValue").willReturn(AwsStub.jsonBody("{\"ARN\":\"" + SECRET_ARN
                + "\",\"VersionId\":\"v2\"}")));

        Run refused = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("was deleted on").contains("--restore-secret").contains("or choose another service name");
        assertThat(requests("secretsmanager.RestoreSecret")).isEmpty();
        assertThat(requests("CreateChangeSet")).isEmpty();

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--restore-secret");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Restored the secret dockhand/node-config-app").contains("Stored a new version of");
        assertThat(allBodies(requests("CreateChangeSet"))).contains("v2");
        assertThat(run.out() + run.err()).doesNotContain(PLANTED);
    }

    @Test
    void aCommittedProfileThisMachineLacksYieldsToEnvironmentCredentialsAndIsNeverWritten() throws Exception {
        stubCreation(2);
        Files.writeString(project.resolve("dockhand.yaml"), "# ours\naws:\n  profile: teammates-sso\n  region: eu-west-1\n");

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("(credentials from the environment)");
        // The teammate's preference stays as they wrote it; Dockhand records no profile of its own.
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).startsWith("# ours\naws:\n  profile: teammates-sso\n")
                .doesNotContain("default").contains("region: eu-west-1");
        Run status = dockhand("status", project.toString(), "--target", "aws");
        assertThat(status.err()).doesNotContain("There is no AWS profile");

        Run named = dockhand("status", project.toString(), "--target", "aws", "--profile", "nowhere");
        assertThat(named.exitCode()).isEqualTo(2);
        assertThat(named.err()).contains("There is no AWS profile \"nowhere\"");
    }

    @Test
    void anEndpointThatNeverAnswersEndsTheCommandWithWhatTimedOutAndWhere() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread accepter = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, read by no one, never answered
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            extraJvmOptions.addAll(List.of("-Ddockhand.aws.attemptSeconds=1", "-Ddockhand.aws.callSeconds=4"));

            Run run = dockhand("status", project.toString(), "--target", "aws");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("No answer from " + endpoint + " (AWS_ENDPOINT_URL) while ")
                    .contains("timed out").contains("Check your network");
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void failFastRollsBackAnUpdateWhoseNewTasksExitAndSaysWhy() throws Exception {
        stub.stubIdentity();
        stub.stubNetwork();
        stub.stubUpdateWhoseNewTasksExit(java.time.Instant.now().plusSeconds(60));

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--fail-fast", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Task new1 stopped: The app exited with code 1: its last log lines say why.")
                .contains("Error: DATABASE_URL is not set")
                .contains("Rolling back: cancelling the stack update; the old tasks keep serving.");
        assertThat(run.lastJson().get("reason").asText()).startsWith("Rolled back: 3 tasks of the new deployment failed");
        assertThat(requests("CancelUpdateStack")).hasSize(1);
    }
}
