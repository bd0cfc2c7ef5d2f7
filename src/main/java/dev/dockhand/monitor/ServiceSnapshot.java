package dev.dockhand.monitor;

import java.time.Instant;
import java.util.List;

/**
 * The live state of a service at one moment, the same whether it runs on ECS or as a local rehearsal:
 * what the monitoring window and {@code dockhand status} show.
 *
 * @param scaling the autoscaling bounds and CPU target, or null when unknown
 * @param notices parts of the picture that could not be read this time (e.g. metrics not permitted), in the
 *                user's words; the rest of the snapshot is still current
 * @param variables the variables the running task definition sets (names only), empty when unknown
 * @param blueGreen a blue/green deployment in progress, or null (rolling, or none running)
 */
public record ServiceSnapshot(
        Instant time,
        String service,
        String status,
        int desired,
        int running,
        int pending,
        List<DeploymentInfo> deployments,
        List<TaskInfo> tasks,
        List<ScalingActivity> activities,
        List<ServiceEvent> events,
        List<MetricPoint> cpu,
        List<MetricPoint> memory,
        List<TargetInfo> targets,
        String url,
        ScalingLimits scaling,
        List<String> notices,
        List<Variable> variables,
        BlueGreenStatus blueGreen) {

    public ServiceSnapshot(Instant time, String service, String status, int desired, int running, int pending,
                           List<DeploymentInfo> deployments, List<TaskInfo> tasks, List<ScalingActivity> activities,
                           List<ServiceEvent> events, List<MetricPoint> cpu, List<MetricPoint> memory, List<TargetInfo> targets,
                           String url, ScalingLimits scaling, List<String> notices, List<Variable> variables) {
        this(time, service, status, desired, running, pending, deployments, tasks, activities, events, cpu, memory, targets, url,
                scaling, notices, variables, null);
    }

    public ServiceSnapshot {
        deployments = List.copyOf(deployments);
        tasks = List.copyOf(tasks);
        activities = List.copyOf(activities);
        events = List.copyOf(events);
        cpu = List.copyOf(cpu);
        memory = List.copyOf(memory);
        targets = List.copyOf(targets);
        notices = notices == null ? List.of() : List.copyOf(notices);
        variables = variables == null ? List.of() : List.copyOf(variables); // null from an older rehearsal's JSON
    }
}
