package dev.dockhand.monitor;

import java.time.Instant;

/**
 * One task (a replica) of the service, as ECS describes it.
 *
 * @param status        last status: PROVISIONING, PENDING, RUNNING, DEPROVISIONING, STOPPED
 * @param desiredStatus RUNNING or STOPPED
 * @param health        HEALTHY, UNHEALTHY or UNKNOWN (the load balancer's view)
 * @param cause         why a stopped task stopped, in plain words with its evidence; null while it runs or
 *                      before it is explained (then {@code stoppedReason} is all there is)
 */
public record TaskInfo(String id, String status, String desiredStatus, String health, String availabilityZone,
                       String privateIp, Instant startedAt, Instant stoppedAt, String stoppedReason, StopCause cause) {

    public TaskInfo(String id, String status, String desiredStatus, String health, String availabilityZone, String privateIp,
                    Instant startedAt, Instant stoppedAt, String stoppedReason) {
        this(id, status, desiredStatus, health, availabilityZone, privateIp, startedAt, stoppedAt, stoppedReason, null);
    }

    /** What the task's stop says in one line: the explained cause when there is one, else ECS's reason. */
    public String stopSummary() {
        return cause != null ? cause.summary() : stoppedReason;
    }
}
