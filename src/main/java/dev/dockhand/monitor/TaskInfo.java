package dev.dockhand.monitor;

import java.time.Instant;

/**
 * One task (a replica) of the service, as ECS describes it.
 *
 * @param status        last status: PROVISIONING, PENDING, RUNNING, DEPROVISIONING, STOPPED
 * @param desiredStatus RUNNING or STOPPED
 * @param health        HEALTHY, UNHEALTHY or UNKNOWN (the load balancer's view)
 */
public record TaskInfo(String id, String status, String desiredStatus, String health, String availabilityZone,
                       String privateIp, Instant startedAt, Instant stoppedAt, String stoppedReason) {
}
