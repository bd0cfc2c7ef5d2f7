package dev.dockhand.local;

import java.util.Comparator;
import java.util.List;

/** How many replicas to start and which to drain so that as many serve as desired, as an ECS service does. Pure. */
final class Reconciler {

    /** Start {@code launch} replicas; drain the ones in {@code drain}. */
    record Plan(int launch, List<Replica> drain) {
    }

    private Reconciler() {
    }

    /** For the replicas that serve, those being started, and the desired count. The newest go first. */
    static Plan plan(List<Replica> serving, int launching, int desired) {
        int missing = Math.max(0, desired - serving.size() - launching);
        int surplus = Math.max(0, serving.size() - desired);
        // The newest replicas go first, as they hold the fewest long-lived connections.
        List<Replica> drain = serving.stream().sorted(Comparator.comparing((Replica r) -> r.startedAt).reversed()).limit(surplus).toList();
        return new Plan(missing, drain);
    }
}
