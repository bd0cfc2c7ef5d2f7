package dev.dockhand.aws;

import java.util.List;

/** What a deployment reports and asks while it runs; called on the deployment's own thread. */
public interface DeployListener {

    /** One change the change set would make. */
    record Change(String action, String logicalId, String resourceType, String replacement) {
    }

    /** One stack event, as CloudFormation records it. */
    record Event(java.time.Instant time, String logicalId, String resourceType, String status, String reason) {
    }

    /** Shows the changes and waits for the user's yes; false cancels (nothing is changed). */
    boolean approve(List<Change> changes);

    /**
     * The stack is in ROLLBACK_COMPLETE (its creation failed) and cannot be updated: delete it and create it
     * again? False leaves it as it is.
     */
    boolean approveRecreate(String stackName, String reason);

    /**
     * The service's secret was deleted and waits out its recovery window: restore it (its old values come
     * back, then the new ones are stored)? False stops the deploy with a message naming both ways on.
     */
    default boolean approveRestoreSecret(String secretName, String reason) {
        return false;
    }

    /**
     * A stack or repository looks made by an earlier version of Dockhand, before they carried its mark: is it
     * this service's, to mark (and change or delete)? Never answered by a blanket yes: false refuses.
     */
    default boolean approveEarlierResource(String name, String question) {
        return false;
    }

    default void event(Event event) {
    }

    /** A task of the new deployment stopped: said at the poll that first sees it, with its cause. */
    default void taskStopped(dev.dockhand.monitor.StoppedTask task) {
    }

    /**
     * Asked at every poll once {@code failed} tasks of the new deployment have failed, {@code threshold} or
     * more (as ECS's circuit breaker counts): true rolls back now (an update is cancelled and the old tasks
     * keep serving; a new stack is deleted) instead of waiting for CloudFormation to give up.
     */
    default boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
        return false;
    }

    /**
     * A blue/green deployment runs: its stage, traffic and bake time left, at every poll. True rolls it back
     * now (the old revision takes the traffic again at once); false lets it go on.
     */
    default boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
        return false;
    }

    default void status(String text) {
    }

    /** A listener for deleting a stack: nothing to approve; events and status lines go where given. */
    static DeployListener forDeletion(java.util.function.Consumer<Event> events, java.util.function.Consumer<String> status) {
        return forDeletion(events, status, (name, question) -> false);
    }

    /**
     * As {@link #forDeletion(java.util.function.Consumer, java.util.function.Consumer)}, with the answer to
     * {@link #approveEarlierResource}.
     */
    static DeployListener forDeletion(java.util.function.Consumer<Event> events, java.util.function.Consumer<String> status,
                                      java.util.function.BiPredicate<String, String> earlierResource) {
        return new DeployListener() {
            @Override
            public boolean approveEarlierResource(String name, String question) {
                return earlierResource.test(name, question);
            }

            @Override
            public boolean approve(List<Change> changes) {
                return true;
            }

            @Override
            public boolean approveRecreate(String stackName, String reason) {
                return false;
            }

            @Override
            public void event(Event event) {
                events.accept(event);
            }

            @Override
            public void status(String text) {
                status.accept(text);
            }
        };
    }
}
