package dev.dockhand.local;

import java.time.Duration;
import java.time.Instant;

/**
 * A target's health as the target group judges it, from one check result at a time: healthy after
 * {@code healthyThreshold} passes in a row; once healthy, unhealthy after {@code unhealthyThreshold}
 * failures in a row; a replica that never turned healthy is given up on at its first failure after the
 * start grace (ECS's health check grace period). Pure: the caller does the checks and the clock.
 */
final class TargetHealth {

    /** The target's state, as the target group reports it. */
    enum State { INITIAL, HEALTHY, UNHEALTHY }

    /** What one result changed. */
    enum Change {
        NONE,
        /** Now healthy: it gets traffic. */
        BECAME_HEALTHY,
        /** Was healthy, failed the unhealthy threshold in a row: it is replaced. */
        FAILED_CHECKS,
        /** Never turned healthy within the start grace: it is replaced. */
        NEVER_HEALTHY
    }

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final Duration startGrace;
    private final Instant startedAt;
    private State state = State.INITIAL;
    private boolean everHealthy;
    private int passes;
    private int failures;

    TargetHealth(int healthyThreshold, int unhealthyThreshold, Duration startGrace, Instant startedAt) {
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
        this.startGrace = startGrace;
        this.startedAt = startedAt;
    }

    synchronized State state() {
        return state;
    }

    /** Records one check's result at {@code now}; returns what it changed. Once unhealthy, nothing changes it. */
    synchronized Change record(boolean passed, Instant now) {
        if (state == State.UNHEALTHY) {
            return Change.NONE;
        }
        if (passed) {
            failures = 0;
            if (++passes >= healthyThreshold && state != State.HEALTHY) {
                state = State.HEALTHY;
                everHealthy = true;
                return Change.BECAME_HEALTHY;
            }
            return Change.NONE;
        }
        passes = 0;
        failures++;
        if (everHealthy && failures >= unhealthyThreshold) {
            state = State.UNHEALTHY;
            return Change.FAILED_CHECKS;
        }
        if (!everHealthy && Duration.between(startedAt, now).compareTo(startGrace) > 0) {
            state = State.UNHEALTHY;
            return Change.NEVER_HEALTHY;
        }
        return Change.NONE;
    }
}
