package dev.dockhand.aws;

import java.time.Duration;
import java.time.Instant;

/**
 * When one group of a watcher's calls is next due: every {@code period} while AWS answers, and less
 * often, doubling up to a ceiling, while AWS throttles. Not thread-safe: one watcher polls at a time.
 */
final class PollCadence {

    /** Timers fire a little early or late; a poll this close to its time counts as due. */
    static final Duration SLACK = Duration.ofSeconds(1);

    private final Duration period;
    private final Duration ceiling;
    private Instant next = Instant.MIN;
    private Duration delay;

    PollCadence(Duration period, Duration ceiling) {
        this.period = period;
        this.ceiling = ceiling;
        this.delay = period;
    }

    boolean due(Instant now) {
        return next == Instant.MIN || !now.plus(SLACK).isBefore(next);
    }

    /** A poll was made at {@code now} and answered: back to the normal period. */
    void answered(Instant now) {
        delay = period;
        next = now.plus(period);
    }

    /** A poll was made at {@code now} and throttled: wait twice as long as last time, up to the ceiling. */
    void throttled(Instant now) {
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        next = now.plus(delay);
    }

    /** A poll failed for another reason: try again after the normal period. */
    void failed(Instant now) {
        next = now.plus(period);
    }

    /** Makes the group due at once: after an action changed what it shows. */
    void now() {
        next = Instant.MIN;
    }

    Instant next() {
        return next;
    }
}
