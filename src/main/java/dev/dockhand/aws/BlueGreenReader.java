package dev.dockhand.aws;

import dev.dockhand.monitor.BlueGreenStatus;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a blue/green deployment in progress (ListServiceDeployments, DescribeServiceDeployments, and the
 * production listener rule's weights with DescribeRules) and rolls it back (StopServiceDeployment with
 * ROLLBACK: traffic returns to the old revision at once).
 */
final class BlueGreenReader {

    private final AwsSession session;
    /** When each deployment was first seen baking, for one that reports no update time. */
    private final Map<String, Instant> bakeSeen = new HashMap<>();
    /** The new revision's target group, per deployment. */
    private final Map<String, String> greenGroups = new HashMap<>();

    BlueGreenReader(AwsSession session) {
        this.session = session;
    }

    /** The blue/green deployment in progress, or null when the service rolls or none runs. */
    BlueGreenStatus read(Service service, String testUrl, Instant now) throws AwsFailure {
        var configuration = service.deploymentConfiguration();
        if (configuration == null || configuration.strategy() != DeploymentStrategy.BLUE_GREEN) {
            return null;
        }
        List<String> running = session.call("listing the service's deployments (ECS ListServiceDeployments)", () -> session.ecs()
                .listServiceDeployments(b -> b.cluster(service.clusterArn()).service(service.serviceName())
                        .status(ServiceDeploymentStatus.PENDING, ServiceDeploymentStatus.IN_PROGRESS,
                                ServiceDeploymentStatus.ROLLBACK_REQUESTED, ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS))
                .serviceDeployments()).stream().map(d -> d.serviceDeploymentArn()).filter(Objects::nonNull).toList();
        if (running.isEmpty()) {
            bakeSeen.clear();
            greenGroups.clear();
            return null;
        }
        ServiceDeployment deployment = session.call("reading the deployment (ECS DescribeServiceDeployments)", () -> session.ecs()
                .describeServiceDeployments(b -> b.serviceDeploymentArns(running.get(0))).serviceDeployments())
                .stream().findFirst().orElse(null);
        if (deployment == null) {
            return null;
        }
        String stage = deployment.lifecycleStageAsString();
        java.time.Duration bakeLeft = null;
        if ("BAKE_TIME".equals(stage)) {
            Instant since = bakeSeen.computeIfAbsent(deployment.serviceDeploymentArn(),
                    arn -> deployment.updatedAt() != null ? deployment.updatedAt() : now);
            int minutes = configuration.bakeTimeInMinutes() == null ? 0 : configuration.bakeTimeInMinutes();
            bakeLeft = BlueGreenStatus.bakeLeft(since, minutes, now);
        }
        Integer traffic = trafficToGreen(service, deployment.serviceDeploymentArn(), stage);
        return new BlueGreenStatus(deployment.serviceDeploymentArn(), deployment.statusAsString(), stage,
                traffic != null ? traffic : BlueGreenStatus.trafficByStage(stage), bakeLeft, testUrl);
    }

    /** Rolls the deployment back: the old revision takes the traffic again. */
    void rollBack(String deploymentArn) throws AwsFailure {
        session.call("rolling the deployment back (ECS StopServiceDeployment)", () -> session.ecs().stopServiceDeployment(b -> b
                .serviceDeploymentArn(deploymentArn).stopType(StopServiceDeploymentStopType.ROLLBACK)));
    }

    /**
     * The production rule's weight on the new (green) revision's target group, in percent; null when it cannot
     * be read. The green group is the one without production traffic when the deployment is first seen before
     * its traffic shift (the two groups trade places from one deployment to the next); seen later, the
     * service's alternate target group.
     */
    private Integer trafficToGreen(Service service, String deploymentArn, String stage) {
        LoadBalancer balancer = service.loadBalancers().stream().filter(lb -> lb.advancedConfiguration() != null).findFirst().orElse(null);
        if (balancer == null || balancer.advancedConfiguration().productionListenerRule() == null) {
            return null;
        }
        try {
            List<TargetGroupTuple> groups = session.elb().describeRules(b -> b.ruleArns(balancer.advancedConfiguration()
                    .productionListenerRule())).rules().stream().flatMap(r -> r.actions().stream())
                    .filter(a -> a.forwardConfig() != null).flatMap(a -> a.forwardConfig().targetGroups().stream()).toList();
            int total = groups.stream().mapToInt(BlueGreenReader::weight).sum();
            if (total == 0) {
                return null;
            }
            Integer before = BlueGreenStatus.trafficByStage(stage);
            String green = greenGroups.computeIfAbsent(deploymentArn, arn -> before != null && before == 0
                    ? groups.stream().min(java.util.Comparator.comparingInt(BlueGreenReader::weight)).map(TargetGroupTuple::targetGroupArn)
                            .orElse(balancer.advancedConfiguration().alternateTargetGroupArn())
                    : balancer.advancedConfiguration().alternateTargetGroupArn());
            int toGreen = groups.stream().filter(g -> Objects.equals(g.targetGroupArn(), green)).mapToInt(BlueGreenReader::weight).sum();
            return Math.round(100f * toGreen / total);
        } catch (SdkException e) {
            return null; // the stage still tells where the traffic is
        }
    }

    private static int weight(TargetGroupTuple group) {
        return group.weight() == null ? 0 : group.weight();
    }
}
