package dev.dockhand.pipeline;

import dev.dockhand.monitor.ServiceSnapshot;

import java.time.Duration;

/**
 * A running service the monitoring window watches: polled for snapshots, and acted on. The local
 * rehearsal is one; the AWS watcher fills the same model.
 */
public interface ServiceWatch {

    /** What the window's title and header call it. */
    String name();

    /** How often to poll while the window is shown. */
    Duration period();

    /** The service now. Blocking: call off the UI thread. */
    ServiceSnapshot poll() throws StepException;

    void setDesired(int count) throws StepException;

    /** Stops one task, as a crash would; the service replaces it. */
    void stopTask(String taskId) throws StepException;

    /** The local rehearsal named {@code name}. */
    static ServiceWatch local(String name) {
        LocalSteps steps = new LocalSteps();
        return new ServiceWatch() {
            @Override
            public String name() {
                return name + " (local rehearsal)";
            }

            @Override
            public Duration period() {
                return Duration.ofSeconds(2);
            }

            @Override
            public ServiceSnapshot poll() throws StepException {
                return steps.status(name);
            }

            @Override
            public void setDesired(int count) throws StepException {
                steps.setDesired(name, count);
            }

            @Override
            public void stopTask(String taskId) throws StepException {
                steps.killTask(name, taskId);
            }
        };
    }
}
