package dev.dockhand.pipeline;

import java.time.Instant;
import java.util.List;

/** What a deployment shows and asks, in the pipeline's terms (the UI's and the command line's). */
public interface DeployProgress {

    record ChangeRow(String action, String logicalId, String resourceType, String replacement) {
    }

    record EventRow(Instant time, String logicalId, String resourceType, String status, String reason) {
    }

    /** Shows the change set and blocks until the user says yes (true) or no. */
    boolean approve(List<ChangeRow> changes);

    /** The stack must be deleted and created again (ROLLBACK_COMPLETE): may it? */
    boolean approveRecreate(String stackName, String reason);

    /** The service's secret waits out its recovery window after a deletion: restore it? */
    default boolean approveRestoreSecret(String secretName, String reason) {
        return false;
    }

    /** A stack that looks made by an earlier version of Dockhand, without its mark: is it this service's? */
    default boolean approveEarlierResource(String name, String question) {
        return false;
    }

    default void event(EventRow event) {
    }

    default void status(String text) {
    }

    /** A task of the new deployment stopped, with its cause in plain words. */
    default void taskStopped(dev.dockhand.monitor.StoppedTask task) {
    }

    /**
     * Asked at every poll once {@code failed} of the new deployment's tasks failed ({@code threshold} or more):
     * true rolls back now instead of waiting for CloudFormation (the Deploy step's Roll Back Now button).
     */
    default boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
        return false;
    }

    /** A blue/green deployment runs (stage, traffic, bake time left); true rolls it back now (the Roll Back button). */
    default boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
        return false;
    }
}
