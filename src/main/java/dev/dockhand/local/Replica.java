package dev.dockhand.local;

import java.time.Duration;
import java.time.Instant;

/** One replica of the rehearsal: a container, its loopback port, and what the load balancer thinks of it. */
final class Replica {

    /** The task's last status, as ECS names it. */
    enum Status { RUNNING, DEPROVISIONING, STOPPED }

    /** Who is stopping the replica, which decides what its stopped reason says. */
    enum Stopper {
        /** Nobody: it runs, or it exited by itself. */
        NONE,
        /** The service: scale-in, a rolling update, a failed health check, the rehearsal's end. */
        SERVICE,
        /** The user, from the monitoring window: stopped as ECS stops a task, SIGTERM first. */
        USER
    }

    final String taskId;
    final String containerId;
    final int hostPort;
    final String image;
    final Instant startedAt;
    final TargetHealth health;
    volatile Status status = Status.RUNNING;
    volatile Stopper stopper = Stopper.NONE;
    volatile Instant stoppedAt;
    volatile String stoppedReason;
    volatile Instant lastCheck = Instant.EPOCH;

    Replica(String taskId, String containerId, int hostPort, String image, Instant startedAt, RehearsalSpec.HealthCheck check,
            Duration startGrace) {
        this.taskId = taskId;
        this.containerId = containerId;
        this.hostPort = hostPort;
        this.image = image;
        this.startedAt = startedAt;
        this.health = new TargetHealth(check.healthyThreshold(), check.unhealthyThreshold(), startGrace, startedAt);
    }

    /** Running and meant to keep running: counts toward the desired count and gets health checks. */
    boolean serving() {
        return status == Status.RUNNING && stopper == Stopper.NONE;
    }

    /** ECS's desiredStatus: RUNNING until anything decided to stop it. */
    String desiredStatus() {
        return serving() ? "RUNNING" : "STOPPED";
    }
}
