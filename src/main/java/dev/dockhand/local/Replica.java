package dev.dockhand.local;

import java.time.Instant;

/** One replica of the rehearsal: a container, its loopback port, and what the load balancer thinks of it. */
final class Replica {

    final String taskId;
    final String containerId;
    final int hostPort;
    final String image;
    final Instant startedAt;
    volatile String status = "RUNNING";
    volatile String desiredStatus = "RUNNING";
    volatile String health = "UNKNOWN";
    volatile Instant stoppedAt;
    volatile String stoppedReason;
    volatile Instant lastCheck = Instant.EPOCH;
    int successes;
    int failures;
    boolean everHealthy;

    Replica(String taskId, String containerId, int hostPort, String image, Instant startedAt) {
        this.taskId = taskId;
        this.containerId = containerId;
        this.hostPort = hostPort;
        this.image = image;
        this.startedAt = startedAt;
    }

    boolean serving() {
        return status.equals("RUNNING") && desiredStatus.equals("RUNNING");
    }
}
