package dev.dockhand.aws;

import dev.dockhand.monitor.BlueGreenStatus;
import dev.dockhand.monitor.StoppedTask;
import dev.dockhand.monitor.TaskStops;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Watches the tasks of a service's newest deployment while the stack rolls it out, and explains each
 * one that stops, at the poll that first sees it: its exit code and last log lines, an image that cannot
 * be pulled, a secret that cannot be read, or what the load balancer's health check saw before ECS
 * stopped it. Counts the failures, so a deployment that cannot succeed is known long before
 * CloudFormation gives up on it.
 *
 * <p>Per poll: DescribeServices, ListTasks (stopped), DescribeTargetHealth (both target groups with
 * blue/green, and then ListServiceDeployments, DescribeServiceDeployments and DescribeRules), and only
 * for tasks not seen before DescribeTasks and the task's log stream (GetLogEvents).
 */
final class DeploymentWatch {

    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final AwsSession session;
    private final String cluster;
    private final String service;
    private final Instant since;
    private final Set<String> seen = new HashSet<>();
    private final TaskCauses causes;
    private final BlueGreenReader blueGreenReader;
    private final String testUrl;
    private final Clock clock;
    private BlueGreenStatus blueGreen;
    private int desired;
    private int failures;
    private StoppedTask lastFailure;
    private String deploymentId;

    /** @param testUrl the test listener's address when the stack has one (blue/green), else null */
    DeploymentWatch(AwsSession session, String cluster, String service, Instant since, String testUrl, Clock clock) {
        this.session = session;
        this.cluster = cluster;
        this.service = service;
        this.since = since;
        this.causes = new TaskCauses(session);
        this.blueGreenReader = new BlueGreenReader(session);
        this.testUrl = testUrl;
        this.clock = clock;
    }

    /** Tasks of the newest deployment that stopped since the last poll, explained; empty before the service exists. */
    List<StoppedTask> poll() throws AwsFailure {
        Service found = describeService();
        if (found == null) {
            return List.of();
        }
        desired = found.desiredCount() == null ? 0 : found.desiredCount();
        String deployment = found.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).map(d -> d.id())
                .findFirst().orElse(null);
        if (deployment != null && !deployment.equals(deploymentId)) {
            // A new deployment (or the circuit breaker's rollback) counts its own failures.
            deploymentId = deployment;
            failures = 0;
            lastFailure = null;
        }
        String targetGroup = found.loadBalancers().stream().map(lb -> lb.targetGroupArn()).filter(Objects::nonNull)
                .findFirst().orElse(null);
        int port = found.loadBalancers().stream().map(lb -> lb.containerPort()).filter(Objects::nonNull).findFirst().orElse(0);
        // Blue/green: the new revision's tasks register in the alternate target group.
        for (String group : targetGroups(found)) {
            readTargetHealth(group);
        }
        blueGreen = blueGreenReader.read(found, testUrl, clock.instant());
        if (deployment == null) {
            return List.of();
        }
        // Every page: a service that crash-loops keeps many stopped tasks, and the newest may be past the first 100.
        List<String> fresh = session.call("listing the service's stopped tasks (ECS ListTasks)", () -> {
            List<String> arns = new ArrayList<>();
            session.ecs().listTasksPaginator(b -> b.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED)
                    .maxResults(100)).taskArns().forEach(arns::add);
            return arns;
        }).stream().filter(arn -> !seen.contains(arn)).toList();
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < fresh.size(); from += 100) {
            List<String> batch = fresh.subList(from, Math.min(fresh.size(), from + 100));
            tasks.addAll(session.call("reading the stopped tasks (ECS DescribeTasks)", () -> session.ecs().describeTasks(b -> b
                    .cluster(cluster).tasks(batch)).tasks()));
        }
        List<StoppedTask> stopped = new ArrayList<>();
        for (Task task : tasks) {
            if (!seen.add(task.taskArn())) {
                continue;
            }
            boolean ofThisDeployment = deployment.equals(task.startedBy())
                    // Some slack for the difference between this machine's clock and AWS's.
                    && (task.createdAt() == null || !task.createdAt().isBefore(since.minus(CLOCK_SLACK)));
            if (!ofThisDeployment || !"STOPPED".equals(task.lastStatus())) {
                if (!"STOPPED".equals(task.lastStatus())) {
                    seen.remove(task.taskArn()); // stopping, not stopped yet: its exit code comes later
                }
                continue;
            }
            StoppedTask explained = causes.explain(task, port, causes.healthPath(targetGroup), true);
            stopped.add(explained);
            if (explained.cause().failure()) {
                failures++;
                lastFailure = explained;
            }
        }
        return stopped;
    }

    /** Failed tasks of the newest deployment seen so far. */
    int failures() {
        return failures;
    }

    /** The failures after which the deployment counts as failed, as ECS's circuit breaker counts them. */
    int threshold() {
        return TaskStops.failureThreshold(desired);
    }

    StoppedTask lastFailure() {
        return lastFailure;
    }

    /** The blue/green deployment in progress at the last poll, or null. */
    BlueGreenStatus blueGreen() {
        return blueGreen;
    }

    void rollBackBlueGreen() throws AwsFailure {
        blueGreenReader.rollBack(blueGreen.deploymentArn());
    }

    private Service describeService() throws AwsFailure {
        try {
            List<Service> services = session.ecs().describeServices(b -> b.cluster(cluster).services(service)).services();
            return services.isEmpty() || "INACTIVE".equals(services.get(0).status()) ? null : services.get(0);
        } catch (ClusterNotFoundException e) {
            return null; // the stack has not made it yet
        } catch (SdkException e) {
            throw AwsErrors.explain(e, session, "reading the ECS service " + service);
        }
    }

    private static List<String> targetGroups(Service found) {
        List<String> groups = new ArrayList<>();
        for (var balancer : found.loadBalancers()) {
            if (balancer.targetGroupArn() != null) {
                groups.add(balancer.targetGroupArn());
            }
            if (balancer.advancedConfiguration() != null && balancer.advancedConfiguration().alternateTargetGroupArn() != null) {
                groups.add(balancer.advancedConfiguration().alternateTargetGroupArn());
            }
        }
        return groups;
    }

    private void readTargetHealth(String targetGroup) throws AwsFailure {
        causes.remember(session.call("reading target health (ELB DescribeTargetHealth)", () -> session.elb()
                .describeTargetHealth(b -> b.targetGroupArn(targetGroup)).targetHealthDescriptions()));
    }
}
