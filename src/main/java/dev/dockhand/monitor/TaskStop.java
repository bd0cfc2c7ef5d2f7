package dev.dockhand.monitor;

import java.util.List;

/**
 * What is known of one stopped task, as ECS, the load balancer and the task's log stream tell it: the
 * input of {@link TaskStops#explain}.
 *
 * @param stopCode        ECS's stop code (TaskFailedToStart, EssentialContainerExited, UserInitiated,
 *                        ServiceSchedulerInitiated, ...), or null
 * @param stoppedReason   ECS's stopped reason, or null
 * @param exitCode        the essential container's exit code, or null when it never ran
 * @param containerReason the container's own reason (e.g. "OutOfMemoryError: Container killed due to memory usage")
 * @param health          the load balancer's last verdict on the task's address before it stopped, or null
 * @param port            the port the health check calls
 * @param healthPath      the path the health check calls
 * @param memoryMiB       the task's memory, for an out-of-memory stop (0 when unknown)
 * @param lastLogLines    the task's last log lines, oldest first (empty when none could be read)
 */
public record TaskStop(String stopCode, String stoppedReason, Integer exitCode, String containerReason,
                       TargetVerdict health, int port, String healthPath, int memoryMiB, List<String> lastLogLines) {

    /** A target's health as the load balancer reported it: its reason code and description. */
    public record TargetVerdict(String reasonCode, String description) {
    }

    public TaskStop {
        lastLogLines = List.copyOf(lastLogLines);
    }
}
