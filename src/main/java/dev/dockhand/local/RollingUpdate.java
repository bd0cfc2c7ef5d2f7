package dev.dockhand.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A rolling update as an ECS service runs one with minimum healthy 100 % and maximum 200 %: one new replica
 * at a time, each healthy before an old one drains, so the service never serves with fewer. It stops at
 * the first new replica that does not turn healthy in the start grace; the old ones keep serving.
 */
final class RollingUpdate {

    /** What the update does with the service's replicas; the rehearsal's own operations. */
    interface Replicas {
        List<Replica> current();

        /** Starts a replica of the new image; null when it could not be started. */
        Replica launch();

        boolean awaitHealthy(Replica replica, Duration timeout);

        CompletableFuture<Void> drainAndStop(Replica replica, String reason);
    }

    enum Outcome { COMPLETED, STOPPED }

    private RollingUpdate() {
    }

    /**
     * Replaces every serving replica not of {@code image} (every one, when {@code configChanged}: a new
     * task definition revision replaces them all).
     */
    static Outcome run(Replicas replicas, String image, boolean configChanged, Duration startGrace) {
        for (Replica old : List.copyOf(replicas.current())) {
            if (!old.serving() || old.image.equals(image) && !configChanged) {
                continue;
            }
            Replica fresh = replicas.launch();
            if (fresh == null || !replicas.awaitHealthy(fresh, startGrace)) {
                return Outcome.STOPPED;
            }
            replicas.drainAndStop(old, "Scaling activity initiated by (deployment " + image + ")").join();
        }
        return Outcome.COMPLETED;
    }
}
