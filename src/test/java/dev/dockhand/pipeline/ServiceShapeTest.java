package dev.dockhand.pipeline;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.aws.StackTemplate;
import dev.dockhand.docker.HttpCodes;
import dev.dockhand.docker.LocalTrial;
import dev.dockhand.local.RehearsalSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rehearsal runs the shape the stack template describes: both are made from the same settings. */
class ServiceShapeTest {

    private static final ServiceSettings SETTINGS = new ServiceSettings("shop", 8080, "/healthz", 512, 1024, 3, 2, 9, 65, 45, 240,
            "vpc-1", List.of("subnet-a", "subnet-b"), List.of("subnet-a", "subnet-b"), false, null, 30, 25, 75,
            new ServiceSettings.HealthCheck(20, 7, 3, 4), dev.dockhand.aws.Rollout.ROLLING);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(resource)).get("Properties");
    }

    private static int integer(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }

    @Test
    void theRehearsalSpecMatchesTheTemplateFieldByField() {
        Map<String, Object> template = StackTemplate.template(SETTINGS);
        RehearsalSpec spec = LocalSteps.spec(SETTINGS, "shop:1", LocalSteps.Tuning.none());

        Map<String, Object> task = properties(template, "TaskDefinition");
        assertThat(integer(task.get("Cpu"))).isEqualTo(spec.cpuUnits());
        assertThat(integer(task.get("Memory"))).isEqualTo(spec.memoryMiB());

        Map<String, Object> targets = properties(template, "TargetGroup");
        assertThat(integer(targets.get("Port"))).isEqualTo(spec.port());
        assertThat(targets.get("HealthCheckPath")).isEqualTo(spec.healthPath());
        assertThat(Duration.ofSeconds(integer(targets.get("HealthCheckIntervalSeconds")))).isEqualTo(spec.health().interval());
        assertThat(integer(targets.get("HealthyThresholdCount"))).isEqualTo(spec.health().healthyThreshold());
        assertThat(integer(targets.get("UnhealthyThresholdCount"))).isEqualTo(spec.health().unhealthyThreshold());
        assertThat(Duration.ofSeconds(integer(targets.get("HealthCheckTimeoutSeconds")))).isEqualTo(spec.health().timeout());
        assertThat(((Map<?, ?>) targets.get("Matcher")).get("HttpCode")).isEqualTo("200-399").isEqualTo(spec.health().matcher());
        // The Test step judges as the target group: its interval, threshold, timeout and success codes.
        LocalTrial.Check test = ImageSteps.check(SETTINGS.healthCheck());
        assertThat(Duration.ofSeconds(integer(targets.get("HealthCheckIntervalSeconds")))).isEqualTo(test.interval());
        assertThat(integer(targets.get("HealthyThresholdCount"))).isEqualTo(test.healthyThreshold());
        assertThat(Duration.ofSeconds(integer(targets.get("HealthCheckTimeoutSeconds")))).isEqualTo(test.timeout());
        assertThat(test.matcher().text()).isEqualTo(((Map<?, ?>) targets.get("Matcher")).get("HttpCode"));
        HttpCodes matcher = test.matcher();
        assertThat(matcher.matches(200)).isTrue();
        assertThat(matcher.matches(399)).isTrue();
        assertThat(matcher.matches(400)).isFalse();
        assertThat(matcher.matches(199)).isFalse();
        String drain = String.valueOf(((Map<?, ?>) ((List<?>) targets.get("TargetGroupAttributes")).get(0)).get("Value"));
        assertThat(Duration.ofSeconds(Integer.parseInt(drain))).isEqualTo(spec.deregistrationDelay());

        Map<String, Object> service = properties(template, "Service");
        assertThat(Duration.ofSeconds(integer(service.get("HealthCheckGracePeriodSeconds")))).isEqualTo(spec.startGrace());

        Map<String, Object> scalable = properties(template, "ScalableTarget");
        assertThat(integer(scalable.get("MinCapacity"))).isEqualTo(spec.min());
        assertThat(integer(scalable.get("MaxCapacity"))).isEqualTo(spec.max());
        @SuppressWarnings("unchecked")
        Map<String, Object> tracking = (Map<String, Object>) properties(template, "CpuScalingPolicy")
                .get("TargetTrackingScalingPolicyConfiguration");
        assertThat(integer(tracking.get("TargetValue"))).isEqualTo(spec.cpuTargetPercent());
        assertThat(Duration.ofSeconds(integer(tracking.get("ScaleOutCooldown")))).isEqualTo(spec.scaleOutCooldown());
        assertThat(Duration.ofSeconds(integer(tracking.get("ScaleInCooldown")))).isEqualTo(spec.scaleInCooldown());
        assertThat(spec.scalingPeriod()).isEqualTo(Duration.ofSeconds(ServiceSettings.METRIC_PERIOD_SECONDS));
        assertThat(spec.desired()).isEqualTo(SETTINGS.desiredCount());
    }

    @Test
    void onlyTheTuningShortensTheRehearsalsTimings() {
        RehearsalSpec fast = LocalSteps.spec(SETTINGS, "shop:1", new LocalSteps.Tuning(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(2)));
        assertThat(fast.health().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fast.health().timeout()).as("below the interval, as the target group requires").isEqualTo(Duration.ofSeconds(1));
        assertThat(fast.scalingPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fast.scaleOutCooldown()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fast.scaleInCooldown()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fast.deregistrationDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.startGrace()).isEqualTo(Duration.ofSeconds(SETTINGS.healthCheckGrace()));
    }

    @Test
    void dockhandYamlsHealthAndScalingSectionsReachTheTemplateAndTheRehearsalAlike(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        Path project = dev.dockhand.testing.Fixtures.copy("node-npm", temp);
        java.nio.file.Files.writeString(project.resolve(ProjectSettings.FILE), """
                health:
                  interval: 30
                  timeout: 10
                  healthyThreshold: 3
                  grace: 180   # the JVM takes two minutes to start
                  drain: 10
                scaling:
                  scaleOutCooldown: 90
                """);
        OpenedProject opened = OpenedProject.open(project, null);
        ServiceSettings settings = Deployments.baseSettings(opened, ProjectSettings.load(project));
        Map<String, Object> template = StackTemplate.template(settings);
        RehearsalSpec spec = LocalSteps.spec(settings, "app:1", LocalSteps.Tuning.none());

        Map<String, Object> targets = properties(template, "TargetGroup");
        assertThat(integer(targets.get("HealthCheckIntervalSeconds"))).isEqualTo(30);
        assertThat(spec.health().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(integer(targets.get("HealthCheckTimeoutSeconds"))).isEqualTo(10);
        assertThat(spec.health().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(integer(targets.get("HealthyThresholdCount"))).isEqualTo(3);
        assertThat(spec.health().healthyThreshold()).isEqualTo(3);
        assertThat(spec.health().unhealthyThreshold()).as("not set: the default").isEqualTo(3);
        assertThat(integer(properties(template, "Service").get("HealthCheckGracePeriodSeconds"))).isEqualTo(180);
        assertThat(spec.startGrace()).isEqualTo(Duration.ofSeconds(180));
        assertThat(spec.deregistrationDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.scaleOutCooldown()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.scaleInCooldown()).as("not set: the default").isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aHealthSectionOutsideTheTargetGroupsRulesIsRefusedWithTheRule(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path project = dev.dockhand.testing.Fixtures.copy("node-npm", temp);
        java.nio.file.Files.writeString(project.resolve(ProjectSettings.FILE), "health:\n  interval: 10\n  timeout: 10\n  drain: 7200\n");
        OpenedProject opened = OpenedProject.open(project, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Deployments.baseSettings(opened, ProjectSettings.load(project)))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("shorter than the interval (health.timeout, now 10 with an interval of 10)")
                .hasMessageContaining("0 to 3600 seconds, the target group's limit (health.drain, now 7200)");
    }
}
