package dev.dockhand.pipeline;

import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ServiceSnapshot;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A running service the monitoring window watches: polled for snapshots, and acted on. The local
 * rehearsal is one, an ECS service on AWS the other; both fill the same model.
 */
public interface ServiceWatch extends AutoCloseable {

    /** What a source can do besides setting the desired count and stopping a task. */
    enum Action { SET_LIMITS, FORCE_DEPLOYMENT, DELETE, LOGS, LOAD }

    /** What the window's title and header call it. */
    String name();

    /** How often to poll while the window is shown. */
    Duration period();

    /** The service now. Blocking: call off the UI thread. */
    ServiceSnapshot poll() throws StepException;

    void setDesired(int count) throws StepException;

    /** Stops one task as ECS's StopTask does (drained, SIGTERM, then SIGKILL); the service replaces it. */
    void stopTask(String taskId) throws StepException;

    /** How much time the charts show at first: CloudWatch keeps hours, a rehearsal lives for minutes. */
    default Duration chartWindow() {
        return Duration.ofHours(1);
    }

    default Set<Action> actions() {
        return EnumSet.noneOf(Action.class);
    }

    /** Sets the autoscaling bounds. */
    default void setLimits(int min, int max) throws StepException {
        throw new StepException(name() + " has no autoscaling bounds to change here.");
    }

    /** Replaces every task with a new one of the same image, rolling. */
    default void forceNewDeployment() throws StepException {
        throw new StepException(name() + " cannot start a new deployment from here.");
    }

    /** Rolls back the blue/green deployment in progress: the old revision takes the traffic again at once. */
    default void rollBackDeployment() throws StepException {
        throw new StepException(name() + " has no blue/green deployment to roll back.");
    }

    /** What {@link #delete} removes, in the user's words ("stack app"). */
    default String deleteWhat() {
        return name();
    }

    /** What a deletion removes besides the service: its images (the ECR repository), the secret Dockhand stored. */
    record Deletion(boolean images, boolean secret) {
        public static Deletion serviceOnly() {
            return new Deletion(false, false);
        }
    }

    /** Removes the service and what it runs on; returns the outcome in the user's words. */
    default String delete(Deletion deletion, Consumer<String> progress) throws StepException {
        throw new StepException(name() + " cannot be deleted from here.");
    }

    /**
     * Sends a bounded load from this machine to the service's {@code path} (only a rehearsal takes load: its
     * balancer is on loopback), reporting progress about once a second. Interrupt the thread to stop it.
     */
    default dev.dockhand.local.LoadGenerator.Report generateLoad(String path, Duration duration, int clients,
                                                               Consumer<dev.dockhand.local.LoadGenerator.Progress> progress)
            throws StepException {
        throw new StepException(name() + " takes no load from Dockhand: only a local rehearsal does.");
    }

    /** Log lines written since the last call (the first call: the last minutes); empty when none are due. */
    default List<LogLine> newLogLines() throws StepException {
        throw new StepException(name() + " has no log to follow here.");
    }

    /** Releases the connections the source holds. */
    @Override
    default void close() {
    }

    /** The local rehearsal named {@code name}. */
    static ServiceWatch local(String name) {
        return new LocalServiceWatch(name);
    }

    /**
     * The ECS service {@code service} in {@code cluster}, watched with {@code steps}' profile and region (the
     * watch closes them); its first metrics read reaches back {@code metricsLookback}.
     */
    static ServiceWatch aws(AwsSteps steps, String cluster, String service, Duration metricsLookback) {
        return new AwsServiceWatch(steps, cluster, service, metricsLookback);
    }

    /** The ECS service Dockhand's stack {@code stackName} made; closes {@code steps} when it cannot be found. */
    static ServiceWatch awsStack(AwsSteps steps, String stackName, Duration metricsLookback) throws StepException {
        try {
            var ref = steps.serviceOfStack(stackName);
            return aws(steps, ref.cluster(), ref.service(), metricsLookback);
        } catch (StepException | RuntimeException e) {
            steps.close();
            throw e;
        }
    }
}
