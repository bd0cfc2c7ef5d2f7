package dev.dockhand.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dockhand.testing.CloudFormationSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated template validates against the current resource specification and repeats none of the walkthrough's errors. */
class StackTemplateTest {

    private static CloudFormationSpec spec;

    private static final ServiceSettings HTTP = new ServiceSettings("cool-nodejs-app", 3000, "/healthcheck", 256, 512, 2, 2, 10, 50,
            60, 300, "vpc-0a1b2c3d", List.of("subnet-a", "subnet-b"), List.of("subnet-a", "subnet-b"), false, null, 30, 30, 60,
            ServiceSettings.HealthCheck.DEFAULT, Rollout.ROLLING);
    private static final ServiceSettings HTTPS_PRIVATE = new ServiceSettings("api", 8080, "/health", 1024, 2048, 3, 2, 8, 60,
            60, 300, "vpc-0a1b2c3d", List.of("subnet-a", "subnet-b"), List.of("subnet-c", "subnet-d"), true,
            "arn:aws:acm:eu-west-1:123456789012:certificate/abc", 14, 20, 90, ServiceSettings.HealthCheck.DEFAULT, Rollout.ROLLING);

    @BeforeAll
    static void loadSpec() throws Exception {
        spec = CloudFormationSpec.load();
        assertThat(spec.resourceTypes()).isGreaterThan(1000);
    }

    private static JsonNode parse(ServiceSettings s) throws Exception {
        return new YAMLMapper().readTree(StackTemplate.yaml(s));
    }

    @Test
    void validatesAgainstTheResourceSpecification() throws Exception {
        assertThat(spec.validate(parse(HTTP))).isEmpty();
        assertThat(spec.validate(parse(HTTPS_PRIVATE))).isEmpty();
    }

    @Test
    void theValidatorCatchesWhatTheWalkthroughGotWrong() throws Exception {
        // The walkthrough's own mistakes, injected into a valid template, must be reported.
        JsonNode broken = parse(HTTP);
        var task = (com.fasterxml.jackson.databind.node.ObjectNode) broken.path("Resources").path("TaskDefinition").path("Properties");
        task.put("Family", "x");
        task.remove("ContainerDefinitions");
        task.putObject("ContainerDefinitions").put("Name", "not-a-list");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("Resources").path("ScalableTarget").path("Properties"))
                .put("RoleArn", "arn:aws:iam::123:role/aws-service-role/");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("Resources").path("Service").path("Properties"))
                .putObject("Cluster").put("Ref", "CoolNodejsAppCluster");
        assertThat(spec.validate(broken)).anyMatch(p -> p.contains("ContainerDefinitions"))
                .anyMatch(p -> p.contains("RoleArn: no such property"))
                .anyMatch(p -> p.contains("Ref to nothing: CoolNodejsAppCluster"));
    }

    @Test
    void taskRoleTrustsEcsTasksNotTheAccount() throws Exception {
        JsonNode resources = parse(HTTP).path("Resources");
        for (String role : List.of("TaskRole", "ExecutionRole")) {
            JsonNode statement = resources.path(role).path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0);
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("ecs-tasks.amazonaws.com");
            assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRole");
        }
    }

    @Test
    void executionRoleIsGivenOnceAndTaskRoleSeparately() throws Exception {
        String yaml = StackTemplate.yaml(HTTP);
        assertThat(yaml.split("ExecutionRoleArn:", -1)).hasSize(2);
        JsonNode task = parse(HTTP).path("Resources").path("TaskDefinition").path("Properties");
        assertThat(task.path("ExecutionRoleArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("ExecutionRole");
        assertThat(task.path("TaskRoleArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("TaskRole");
    }

    @Test
    void imageIsAnImageUriParameterNotARepositoryArn() throws Exception {
        JsonNode template = parse(HTTP);
        JsonNode container = template.path("Resources").path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0);
        assertThat(container.path("Image").path("Ref").asText()).isEqualTo("ImageUri");
        assertThat(StackTemplate.yaml(HTTP)).doesNotContain("arn:aws:ecr").doesNotContain(":latest");
        assertThat(StackTemplate.yaml(HTTP, TaskConfiguration.none(), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1a2b3c4"))
                .contains("Default: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1a2b3c4");
    }

    @Test
    void logGroupListenerSubnetsIngressAndTaskSecurityGroupArePresent() throws Exception {
        JsonNode r = parse(HTTP).path("Resources");
        assertThat(r.path("LogGroup").path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        JsonNode logOptions = r.path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0)
                .path("LogConfiguration").path("Options");
        assertThat(logOptions.path("awslogs-group").path("Ref").asText()).isEqualTo("LogGroup");
        assertThat(r.path("HttpListener").path("Properties").path("DefaultActions").get(0).path("TargetGroupArn").path("Ref").asText())
                .isEqualTo("TargetGroup");
        assertThat(r.path("LoadBalancer").path("Properties").path("Subnets").path("Ref").asText()).isEqualTo("LoadBalancerSubnets");
        JsonNode lbIngress = r.path("LoadBalancerSecurityGroup").path("Properties").path("SecurityGroupIngress").get(0);
        assertThat(lbIngress.path("CidrIp").asText()).isEqualTo("0.0.0.0/0");
        assertThat(lbIngress.path("FromPort").asInt()).isEqualTo(80);
        JsonNode taskIngress = r.path("TaskSecurityGroup").path("Properties").path("SecurityGroupIngress");
        assertThat(taskIngress).hasSize(1);
        assertThat(taskIngress.get(0).path("SourceSecurityGroupId").path("Fn::GetAtt").get(0).asText()).isEqualTo("LoadBalancerSecurityGroup");
        assertThat(taskIngress.get(0).has("CidrIp")).isFalse();
        JsonNode networking = r.path("Service").path("Properties").path("NetworkConfiguration").path("AwsvpcConfiguration");
        assertThat(networking.path("SecurityGroups").get(0).path("Fn::GetAtt").get(0).asText()).isEqualTo("TaskSecurityGroup");
    }

    @Test
    void scalingUsesTheServiceLinkedRoleAndTheChosenLimits() throws Exception {
        JsonNode r = parse(HTTP).path("Resources");
        JsonNode target = r.path("ScalableTarget").path("Properties");
        assertThat(target.has("RoleARN")).isFalse(); // no half-written role ARN: the service-linked role is used
        assertThat(target.path("MinCapacity").asInt()).isEqualTo(2);
        assertThat(target.path("MaxCapacity").asInt()).isEqualTo(10);
        assertThat(target.path("ResourceId").path("Fn::Sub").asText()).isEqualTo("service/${Cluster}/${Service.Name}");
        JsonNode policy = r.path("CpuScalingPolicy").path("Properties").path("TargetTrackingScalingPolicyConfiguration");
        assertThat(policy.path("TargetValue").asInt()).isEqualTo(50);
        assertThat(policy.path("ScaleInCooldown").asInt()).isEqualTo(300);
    }

    @Test
    void serviceRollsBackFailedDeploymentsAndDrainsTasks() throws Exception {
        JsonNode r = parse(HTTP).path("Resources");
        JsonNode deployment = r.path("Service").path("Properties").path("DeploymentConfiguration");
        assertThat(deployment.path("DeploymentCircuitBreaker").path("Enable").asBoolean()).isTrue();
        assertThat(deployment.path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
        assertThat(r.path("TargetGroup").path("Properties").path("TargetType").asText()).isEqualTo("ip");
        assertThat(r.path("TargetGroup").path("Properties").path("HealthCheckPath").asText()).isEqualTo("/healthcheck");
        assertThat(r.path("Cluster").path("Properties").path("ClusterSettings").get(0).path("Value").asText()).isEqualTo("enabled");
    }

    @Test
    void httpsAddsTheCertificateListenerAndRedirect() throws Exception {
        JsonNode r = parse(HTTPS_PRIVATE).path("Resources");
        assertThat(r.path("HttpsListener").path("Properties").path("Certificates").get(0).path("CertificateArn").asText())
                .startsWith("arn:aws:acm:");
        assertThat(r.path("HttpListener").path("Properties").path("DefaultActions").get(0).path("Type").asText()).isEqualTo("redirect");
        assertThat(r.path("Service").path("Properties").path("NetworkConfiguration").path("AwsvpcConfiguration")
                .path("AssignPublicIp").asText()).isEqualTo("DISABLED");
    }

    @Test
    void settingsProblemsNameTheFix() {
        ServiceSettings bad = new ServiceSettings("Cool App", 0, "health", 256, 4096, 5, 2, 4, 95, 60, 300, null,
                List.of("subnet-a"), List.of(), false, null, 10, 30, 60, new ServiceSettings.HealthCheck(30, 30, 1, 11), Rollout.ROLLING);
        assertThat(bad.problems()).anyMatch(p -> p.contains("lower-case"))
                .anyMatch(p -> p.contains("not a TCP port"))
                .anyMatch(p -> p.contains("must start with \"/\""))
                .anyMatch(p -> p.contains("256 CPU units with 4096 MiB"))
                .anyMatch(p -> p.contains("min <= desired <= max"))
                .anyMatch(p -> p.contains("CPU target"))
                .anyMatch(p -> p.contains("two Availability Zones"))
                .anyMatch(p -> p.contains("timeout must be 2 to 120 seconds and shorter than the interval"))
                .anyMatch(p -> p.contains("thresholds must be 2 to 10 checks"));
        assertThat(HTTP.problems()).isEmpty();
    }


    private static final TaskConfiguration CONFIG = new TaskConfiguration(
            java.util.Map.of("LOG_LEVEL", "debug"), List.of("DATABASE_URL", "SESSION_SECRET"),
            java.util.Map.of("STRIPE_API_KEY", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Ab12Cd:key::",
                    "FEATURE_FLAGS", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags"),
            List.of("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));

    @Test
    void configurationReachesTheTaskAsEnvironmentAndSecretsAndValidates() throws Exception {
        JsonNode template = new YAMLMapper().readTree(StackTemplate.yaml(HTTP, CONFIG));
        assertThat(spec.validate(template)).isEmpty();
        JsonNode container = template.path("Resources").path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0);
        assertThat(container.path("Environment").findValuesAsText("Name")).containsExactly("PORT", "LOG_LEVEL");
        JsonNode secrets = container.path("Secrets");
        assertThat(secrets.findValuesAsText("Name")).containsExactlyInAnyOrder("DATABASE_URL", "SESSION_SECRET", "STRIPE_API_KEY",
                "FEATURE_FLAGS");
        // The service's own secret is pinned to the version stored with this deploy: a new version rolls the tasks.
        assertThat(secrets.get(0).path("ValueFrom").path("Fn::Sub").asText())
                .isEqualTo("${ConfigSecretArn}:DATABASE_URL::${ConfigSecretVersion}");
        assertThat(template.path("Parameters").has(StackTemplate.SECRET_PARAMETER)).isTrue();
        assertThat(template.path("Parameters").has(StackTemplate.SECRET_VERSION_PARAMETER)).isTrue();
    }

    @Test
    void theExecutionRoleMayReadExactlyTheTasksSecretsAndNothingElse() throws Exception {
        JsonNode role = new YAMLMapper().readTree(StackTemplate.yaml(HTTP, CONFIG)).path("Resources").path("ExecutionRole").path("Properties");
        JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(3);
        JsonNode read = statements.get(0);
        assertThat(read.path("Action").get(0).asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(read.path("Resource").get(0).path("Ref").asText()).isEqualTo(StackTemplate.SECRET_PARAMETER);
        // The key reference's suffix (json key, stage, version) is not part of the resource ARN.
        assertThat(read.path("Resource").get(1).asText()).isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Ab12Cd");
        assertThat(read.path("Resource")).hasSize(2);
        assertThat(statements.get(1).path("Action").get(0).asText()).isEqualTo("ssm:GetParameters");
        assertThat(statements.get(1).path("Resource").get(0).asText()).isEqualTo("arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags");
        assertThat(statements.get(2).path("Action").get(0).asText()).isEqualTo("kms:Decrypt");
        assertThat(statements.toString()).doesNotContain("*");
    }

    @Test
    void withoutConfigurationTheRoleHasNoSecretPolicyAndNoSecretParameters() throws Exception {
        JsonNode template = parse(HTTP);
        assertThat(template.path("Resources").path("ExecutionRole").path("Properties").has("Policies")).isFalse();
        assertThat(template.path("Parameters").has(StackTemplate.SECRET_PARAMETER)).isFalse();
        assertThat(template.path("Resources").path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0)
                .has("Secrets")).isFalse();
    }

    private static ServiceSettings blueGreen(ServiceSettings s, int bakeMinutes) {
        return new ServiceSettings(s.name(), s.containerPort(), s.healthPath(), s.cpu(), s.memory(), s.desiredCount(), s.minTasks(),
                s.maxTasks(), s.cpuTargetPercent(), s.scaleOutCooldown(), s.scaleInCooldown(), s.vpcId(), s.loadBalancerSubnets(),
                s.taskSubnets(), s.privateTasks(), s.certificateArn(), s.logRetentionDays(), s.deregistrationDelay(),
                s.healthCheckGrace(), s.healthCheck(), new Rollout(Rollout.Strategy.BLUE_GREEN, bakeMinutes));
    }

    @Test
    void blueGreenValidatesWithItsAlternateTargetGroupRulesTestListenerAndInfrastructureRole() throws Exception {
        assertThat(spec.validate(parse(blueGreen(HTTP, 15)))).isEmpty();
        assertThat(spec.validate(parse(blueGreen(HTTPS_PRIVATE, 0)))).isEmpty();

        JsonNode resources = parse(blueGreen(HTTP, 15)).path("Resources");
        JsonNode service = resources.path("Service").path("Properties");
        assertThat(service.path("DeploymentConfiguration").path("Strategy").asText()).isEqualTo("BLUE_GREEN");
        assertThat(service.path("DeploymentConfiguration").path("BakeTimeInMinutes").asInt()).isEqualTo(15);
        assertThat(service.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
        JsonNode advanced = service.path("LoadBalancers").get(0).path("AdvancedConfiguration");
        assertThat(advanced.path("AlternateTargetGroupArn").path("Ref").asText()).isEqualTo("AlternateTargetGroup");
        assertThat(advanced.path("ProductionListenerRule").path("Ref").asText()).isEqualTo("ProductionRule");
        assertThat(advanced.path("TestListenerRule").path("Ref").asText()).isEqualTo("TestRule");
        assertThat(advanced.path("RoleArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("InfrastructureRole");
        // Both target groups check the same path; the rules send everything to blue until ECS moves the weights.
        assertThat(resources.path("AlternateTargetGroup").path("Properties")).isEqualTo(resources.path("TargetGroup").path("Properties"));
        JsonNode forward = resources.path("ProductionRule").path("Properties").path("Actions").get(0).path("ForwardConfig");
        assertThat(forward.path("TargetGroups").get(0).path("Weight").asInt()).isEqualTo(1);
        assertThat(forward.path("TargetGroups").get(1).path("Weight").asInt()).isZero();
        assertThat(resources.path("ProductionRule").path("Properties").path("ListenerArn").path("Ref").asText()).isEqualTo("HttpListener");
        assertThat(resources.path("TestListener").path("Properties").path("Port").asInt()).isEqualTo(Rollout.TEST_PORT);
        JsonNode role = resources.path("InfrastructureRole").path("Properties");
        assertThat(role.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Principal").path("Service").asText())
                .isEqualTo("ecs.amazonaws.com");
        assertThat(role.path("ManagedPolicyArns").get(0).path("Fn::Sub").asText()).endsWith(":iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers");
        assertThat(resources.path("LoadBalancerSecurityGroup").path("Properties").path("SecurityGroupIngress").get(1)
                .path("CidrIp").path("Ref").asText()).as("who may test is the user's to narrow").isEqualTo("TestListenerCidr");
        assertThat(parse(blueGreen(HTTP, 15)).path("Parameters").path("TestListenerCidr").path("Default").asText()).isEqualTo("0.0.0.0/0");
        assertThat(resources.path("Service").path("DependsOn").toString()).contains("ProductionRule").contains("TestRule");
        assertThat(parse(blueGreen(HTTPS_PRIVATE, 0)).path("Resources").path("ProductionRule").path("Properties").path("ListenerArn")
                .path("Ref").asText()).as("production traffic is HTTPS when there is a certificate").isEqualTo("HttpsListener");
        assertThat(parse(blueGreen(HTTP, 15)).path("Outputs").path("TestUrl").path("Value").path("Fn::Sub").asText())
                .isEqualTo("http://${LoadBalancer.DNSName}:8080");
    }

    @Test
    void rollingStaysTheDefaultWithOneTargetGroupAndNoRules() throws Exception {
        JsonNode resources = parse(HTTP).path("Resources");
        assertThat(resources.has("AlternateTargetGroup")).isFalse();
        assertThat(resources.has("ProductionRule")).isFalse();
        assertThat(resources.path("Service").path("Properties").path("DeploymentConfiguration").has("Strategy")).isFalse();
        assertThat(ServiceSettings.defaults("app", 3000, "/health").rollout()).isEqualTo(Rollout.ROLLING);
    }

    @Test
    void aBakeTimeBeyondEcssLimitIsRefused() {
        assertThat(blueGreen(HTTP, 1441).shapeProblems()).contains("The bake time must be 0 to 1440 minutes (aws.bakeMinutes, now 1441).");
    }
}
