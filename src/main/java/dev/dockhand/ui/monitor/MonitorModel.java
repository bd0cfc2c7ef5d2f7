package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

import java.time.Instant;

/**
 * The monitoring window's state: the latest snapshot of the watched service, polled in the background
 * only while the window is shown, a stale flag when polls fail, and the actions on the service.
 */
public final class MonitorModel {

    private final ServiceWatch watch;
    private final BackgroundTasks tasks;
    private final ObjectProperty<ServiceSnapshot> snapshot = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty message = new SimpleStringProperty();
    private final BooleanProperty stale = new SimpleBooleanProperty();
    private final ScheduledService<ServiceSnapshot> poller;
    private Instant lastSuccess;
    private volatile boolean polling;

    public MonitorModel(ServiceWatch watch, BackgroundTasks tasks) {
        this.watch = watch;
        this.tasks = tasks;
        this.poller = new ScheduledService<>() {
            @Override
            protected Task<ServiceSnapshot> createTask() {
                return new Task<>() {
                    @Override
                    protected ServiceSnapshot call() throws Exception {
                        return watch.poll();
                    }
                };
            }
        };
        poller.setExecutor(tasks.executor());
        poller.setPeriod(Duration.millis(watch.period().toMillis()));
        poller.setRestartOnFailure(true);
        poller.setOnSucceeded(e -> {
            snapshot.set(poller.getValue());
            lastSuccess = Instant.now();
            stale.set(false);
            error.set(null);
        });
        poller.setOnFailed(e -> {
            error.set(poller.getException() == null ? "The service does not answer." : poller.getException().getMessage());
            // Data older than three periods is marked stale; the last snapshot stays visible.
            stale.set(lastSuccess == null || lastSuccess.isBefore(Instant.now().minus(watch.period().multipliedBy(3))));
        });
    }

    public String title() {
        return watch.name();
    }

    /** Polls while the window is shown; no polling while it is hidden or minimised. Call on the FX thread. */
    public void setActive(boolean active) {
        if (active == polling) {
            return;
        }
        polling = active;
        if (active) {
            poller.restart();
        } else {
            poller.cancel();
        }
    }

    /** Whether the window asks for polling now (readable from any thread). */
    public boolean isPolling() {
        return polling;
    }

    public void setDesired(int count) {
        act("Desired count set to " + count + ".", () -> watch.setDesired(count));
    }

    public void stopTask(String taskId) {
        act("Task " + taskId + " stopped; the service replaces it.", () -> watch.stopTask(taskId));
    }

    private interface Action {
        void run() throws Exception;
    }

    private void act(String done, Action action) {
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws Exception {
                action.run();
                return null;
            }
        };
        task.setOnSucceeded(e -> message.set(done));
        task.setOnFailed(e -> message.set("Could not do it: " + task.getException().getMessage()));
        tasks.run(task);
    }

    public ObjectProperty<ServiceSnapshot> snapshotProperty() {
        return snapshot;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty staleProperty() {
        return stale;
    }
}
