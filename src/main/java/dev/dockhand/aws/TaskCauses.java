package dev.dockhand.aws;

import dev.dockhand.monitor.StoppedTask;
import dev.dockhand.monitor.TaskStop;
import dev.dockhand.monitor.TaskStops;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers what explains a stopped ECS task ({@link TaskStops#explain}): the task's own codes, the load
 * balancer's last verdict on its address (remembered, since a stopped task's target is gone), and its
 * last log lines from its awslogs stream ({@code prefix/container/task-id}).
 */
final class TaskCauses {

    static final int LOG_LINES = 10;

    private final AwsSession session;
    /** The load balancer's last verdict on each address that was not healthy. */
    private final Map<String, TaskStop.TargetVerdict> verdicts = new HashMap<>();
    private final Map<String, LogSource> logSources = new HashMap<>();
    private final Map<String, String> healthPaths = new HashMap<>();

    /** Where a task definition's container logs: awslogs group and stream prefix. */
    private record LogSource(String group, String prefix, String container) {
    }

    TaskCauses(AwsSession session) {
        this.session = session;
    }

    /**
     * The target group's health check path, read once per group, for explaining a failed check; null when it
     * cannot be read (the cause then names "/", and everything else still shows).
     */
    String healthPath(String targetGroup) {
        if (targetGroup == null) {
            return null;
        }
        return healthPaths.computeIfAbsent(targetGroup, group -> {
            try {
                return session.elb().describeTargetGroups(b -> b.targetGroupArns(group)).targetGroups().stream()
                        .map(g -> g.healthCheckPath()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                return null; // not kept: asked again at the next stopped task
            }
        });
    }

    /** Keeps the reason of every target that is unhealthy now. */
    void remember(List<TargetHealthDescription> targets) {
        for (TargetHealthDescription target : targets) {
            var health = target.targetHealth();
            if (health != null && health.state() == TargetHealthStateEnum.UNHEALTHY) {
                verdicts.put(target.target().id(), new TaskStop.TargetVerdict(health.reasonAsString(), health.description()));
            } else if (health != null && health.state() == TargetHealthStateEnum.HEALTHY) {
                verdicts.remove(target.target().id()); // a later task on this address starts with a clean slate
            }
        }
    }

    /** The task's cause; {@code withLogs} also reads its last log lines (one call). */
    StoppedTask explain(Task task, int port, String healthPath, boolean withLogs) {
        String taskId = EcsServiceWatcher.shortName(task.taskArn());
        Container container = task.containers().stream().findFirst().orElse(null);
        String address = address(task);
        TaskStop stop = new TaskStop(task.stopCodeAsString(), task.stoppedReason(), container == null ? null : container.exitCode(),
                container == null ? null : container.reason(), address == null ? null : verdicts.get(address), port,
                healthPath == null ? "/" : healthPath, parse(task.memory()),
                withLogs ? lastLogLines(task, container, taskId) : List.of());
        return new StoppedTask(taskId, task.stoppedAt(), TaskStops.explain(stop));
    }

    static String address(Task task) {
        return task.attachments().stream().flatMap(a -> a.details().stream())
                .filter(d -> "privateIPv4Address".equals(d.name())).map(d -> d.value()).findFirst().orElse(null);
    }

    /** The task's last log lines from its own stream; none when they cannot be read (the cause stands without them). */
    private List<String> lastLogLines(Task task, Container container, String taskId) {
        if (container == null) {
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
        String key = taskDefinition + "#" + containerName;
        if (!logSources.containsKey(key)) {
            List<ContainerDefinition> containers = session.ecs().describeTaskDefinition(b -> b.taskDefinition(taskDefinition))
                    .taskDefinition().containerDefinitions();
            logSources.put(key, containers.stream().filter(c -> c.name().equals(containerName)).findFirst()
                    .filter(c -> c.logConfiguration() != null && "awslogs".equals(c.logConfiguration().logDriverAsString()))
                    .map(c -> new LogSource(c.logConfiguration().options().get("awslogs-group"),
                            c.logConfiguration().options().get("awslogs-stream-prefix"), c.name()))
                    .filter(s -> s.group() != null && s.prefix() != null).orElse(null));
        }
        return logSources.get(key);
    }

    private static int parse(String number) {
        try {
            return number == null ? 0 : Integer.parseInt(number.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
