package dev.dockhand.aws;

import dev.dockhand.monitor.StoppedTask;
import dev.dockhand.monitor.TaskStop;
import dev.dockhand.monitor.TaskStops;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Watches the tasks of a service's newest deployment while the stack rolls it out, and explains each
 * one that stops, at the poll that first sees it: its exit code and last log lines, an image that cannot
 * be pulled, a secret that cannot be read, or what the load balancer's health check saw before ECS
 * stopped it. Counts the failures, so a deployment that cannot succeed is known long before
 * CloudFormation gives up on it.
 *
 * <p>Per poll: DescribeServices, ListTasks (stopped), DescribeTargetHealth, and only for tasks not seen
 * before DescribeTasks and the task's log stream (GetLogEvents).
 */
final class DeploymentWatch {

    private static final int LOG_LINES = 10;

    private final AwsSession session;
    private final String cluster;
    private final String service;
    private final Instant since;
    private final Set<String> seen = new HashSet<>();
    /** The load balancer's last verdict on each address that was not healthy: a stopped task's target is gone. */
    private final Map<String, TaskStop.TargetVerdict> verdicts = new HashMap<>();
    private final Map<String, LogSource> logSources = new HashMap<>();
    private String healthPath;
    private int desired;
    private int failures;
    private StoppedTask lastFailure;

    /** Where a task definition's containers log: awslogs group and stream prefix, by container name. */
    private record LogSource(String group, String prefix, String container) {
    }

    DeploymentWatch(AwsSession session, String cluster, String service, Instant since) {
        this.session = session;
        this.cluster = cluster;
        this.service = service;
        this.since = since;
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
        String targetGroup = found.loadBalancers().stream().map(lb -> lb.targetGroupArn()).filter(Objects::nonNull)
                .findFirst().orElse(null);
        int port = found.loadBalancers().stream().map(lb -> lb.containerPort()).filter(Objects::nonNull).findFirst().orElse(0);
        if (targetGroup != null) {
            readTargetHealth(targetGroup);
        }
        List<String> fresh = session.call("listing the service's stopped tasks (ECS ListTasks)", () -> session.ecs().listTasks(b -> b
                .cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED).maxResults(100)).taskArns())
                .stream().filter(arn -> !seen.contains(arn)).toList();
        if (fresh.isEmpty() || deployment == null) {
            return List.of();
        }
        List<Task> tasks = session.call("reading the stopped tasks (ECS DescribeTasks)", () -> session.ecs().describeTasks(b -> b
                .cluster(cluster).tasks(fresh)).tasks());
        List<StoppedTask> stopped = new ArrayList<>();
        for (Task task : tasks) {
            if (!seen.add(task.taskArn())) {
                continue;
            }
            boolean ofThisDeployment = deployment.equals(task.startedBy())
                    && (task.createdAt() == null || !task.createdAt().isBefore(since));
            if (!ofThisDeployment || !"STOPPED".equals(task.lastStatus())) {
                if (!"STOPPED".equals(task.lastStatus())) {
                    seen.remove(task.taskArn()); // stopping, not stopped yet: its exit code comes later
                }
                continue;
            }
            StoppedTask explained = explain(task, port, targetGroup);
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

    private void readTargetHealth(String targetGroup) throws AwsFailure {
        if (healthPath == null) {
            healthPath = session.call("reading the target group (ELB DescribeTargetGroups)", () -> session.elb()
                    .describeTargetGroups(b -> b.targetGroupArns(targetGroup)).targetGroups()).stream()
                    .map(g -> g.healthCheckPath()).filter(Objects::nonNull).findFirst().orElse("/");
        }
        List<TargetHealthDescription> targets = session.call("reading target health (ELB DescribeTargetHealth)", () -> session.elb()
                .describeTargetHealth(b -> b.targetGroupArn(targetGroup)).targetHealthDescriptions());
        for (TargetHealthDescription target : targets) {
            var health = target.targetHealth();
            if (health != null && health.state() == TargetHealthStateEnum.UNHEALTHY) {
                verdicts.put(target.target().id(), new TaskStop.TargetVerdict(health.reasonAsString(), health.description()));
            }
        }
    }

    private StoppedTask explain(Task task, int port, String targetGroup) {
        String taskId = EcsServiceWatcher.shortName(task.taskArn());
        Container container = task.containers().stream().findFirst().orElse(null);
        String address = task.attachments().stream().flatMap(a -> a.details().stream())
                .filter(d -> "privateIPv4Address".equals(d.name())).map(d -> d.value()).findFirst().orElse(null);
        TaskStop stop = new TaskStop(task.stopCodeAsString(), task.stoppedReason(), container == null ? null : container.exitCode(),
                container == null ? null : container.reason(), address == null ? null : verdicts.get(address), port,
                targetGroup == null ? "/" : healthPath, parse(task.memory()), lastLogLines(task, container, taskId));
        return new StoppedTask(taskId, task.stoppedAt(), TaskStops.explain(stop));
    }

    /** The task's last log lines from its own stream; none when they cannot be read (the cause stands without them). */
    private List<String> lastLogLines(Task task, Container container, String taskId) {
        if (container == null || container.exitCode() == null && container.lastStatus() != null
                && !"STOPPED".equals(container.lastStatus())) {
            return List.of();
        }
        try {
            LogSource source = logSource(task.taskDefinitionArn(), container.name());
            if (source == null) {
                return List.of();
            }
            String stream = source.prefix() + "/" + source.container() + "/" + taskId;
            List<OutputLogEvent> events = session.logs().getLogEvents(b -> b.logGroupName(source.group()).logStreamName(stream)
                    .limit(LOG_LINES).startFromHead(false)).events();
            return events.stream().map(OutputLogEvent::message).filter(Objects::nonNull).map(String::stripTrailing).toList();
        } catch (SdkException e) {
            return List.of(); // no stream (the app never started) or no permission: the rest of the cause still holds
        }
    }

    private LogSource logSource(String taskDefinition, String containerName) {
        return logSources.computeIfAbsent(taskDefinition + "#" + containerName, key -> {
            List<ContainerDefinition> containers = session.ecs().describeTaskDefinition(b -> b.taskDefinition(taskDefinition))
                    .taskDefinition().containerDefinitions();
            return containers.stream().filter(c -> c.name().equals(containerName)).findFirst()
                    .filter(c -> c.logConfiguration() != null && "awslogs".equals(c.logConfiguration().logDriverAsString()))
                    .map(c -> new LogSource(c.logConfiguration().options().get("awslogs-group"),
                            c.logConfiguration().options().get("awslogs-stream-prefix"), c.name()))
                    .filter(s -> s.group() != null && s.prefix() != null).orElse(null);
        });
    }

    private static int parse(String number) {
        try {
            return number == null ? 0 : Integer.parseInt(number.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
