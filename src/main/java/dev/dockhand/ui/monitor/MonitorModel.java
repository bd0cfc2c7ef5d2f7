package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The monitoring window's state: the latest snapshot of the watched service, polled in the background
 * only while the window is shown, a stale flag when the data is old, the log tail while it is followed,
 * and the actions on the service.
 */
public final class MonitorModel {

    /** Lines the log tail keeps; older ones scroll away. */
    static final int MAX_LOG_LINES = 2000;

    private final ServiceWatch watch;
    private final BackgroundTasks tasks;
    private final ObjectProperty<ServiceSnapshot> snapshot = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty message = new SimpleStringProperty();
    private final BooleanProperty stale = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final javafx.beans.property.ReadOnlyBooleanWrapper gone = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final BooleanProperty followLogs = new SimpleBooleanProperty(true);
    private final BooleanProperty logsShown = new SimpleBooleanProperty();
    private final StringProperty logError = new SimpleStringProperty();
    private final ObservableList<LogLine> logLines = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyStringWrapper scalingProgress = new javafx.beans.property.ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper loading = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyStringWrapper loadStatus = new javafx.beans.property.ReadOnlyStringWrapper("");
    private Task<dev.dockhand.local.LoadGenerator.Report> load;
    private final ScheduledService<ServiceSnapshot> poller;
    private final ScheduledService<List<LogLine>> logPoller;
    private Instant lastSuccess;
    private volatile boolean polling;
    private volatile boolean followingLogs;
    private boolean ended;

    public MonitorModel(ServiceWatch watch, BackgroundTasks tasks) {
        this.watch = watch;
        this.tasks = tasks;
        this.poller = service(watch::poll, watch.period());
        poller.setOnSucceeded(e -> {
            ServiceSnapshot s = poller.getValue();
            gone.set(false); // started again under the same name
            snapshot.set(s);
            scalingProgress.set(dev.dockhand.monitor.ScalingProgress.describe(s, Instant.now()).orElse(""));
            lastSuccess = Instant.now();
            error.set(null);
            // A source may answer with its last data while AWS throttles it: that is stale too.
            stale.set(s.time() != null && s.time().isBefore(Instant.now().minus(watch.period().multipliedBy(3))));
            if (stale.get()) {
                error.set(String.join(" ", s.notices()));
            }
        });
        poller.setOnFailed(e -> {
            if (poller.getException() instanceof dev.dockhand.pipeline.ServiceGone) {
                showGone();
                return;
            }
            error.set(poller.getException() == null ? "The service does not answer." : poller.getException().getMessage());
            // Data older than three periods is marked stale; the last snapshot stays visible.
            stale.set(lastSuccess == null || lastSuccess.isBefore(Instant.now().minus(watch.period().multipliedBy(3))));
        });
        this.logPoller = service(watch::newLogLines, java.time.Duration.ofSeconds(3));
        logPoller.setOnSucceeded(e -> {
            logError.set(null);
            appendLog(logPoller.getValue());
        });
        logPoller.setOnFailed(e -> logError.set(logPoller.getException() == null ? "The log cannot be read."
                : logPoller.getException().getMessage()));
        followLogs.addListener((obs, old, v) -> followPolling());
        logsShown.addListener((obs, old, v) -> followPolling());
    }

    private interface Poll<T> {
        T call() throws Exception;
    }

    private <T> ScheduledService<T> service(Poll<T> poll, java.time.Duration period) {
        ScheduledService<T> service = new ScheduledService<>() {
            @Override
            protected Task<T> createTask() {
                return new Task<>() {
                    @Override
                    protected T call() throws Exception {
                        return poll.call();
                    }
                };
            }
        };
        service.setExecutor(tasks.executor());
        service.setPeriod(Duration.millis(period.toMillis()));
        service.setRestartOnFailure(true);
        return service;
    }

    /**
     * The service is gone (its rehearsal was stopped): the header says STOPPED, the task and target tables empty,
     * the actions are off; the charts, scaling activity and events stay as the record of what happened.
     */
    private void showGone() {
        if (gone.get()) {
            return; // said once: every later poll finds it gone too
        }
        ServiceSnapshot last = snapshot.get();
        scalingProgress.set(""); // no rule runs on a stopped service
        stale.set(false);
        error.set(watch.name() + " is stopped: nothing runs to watch or act on. Deploy it again to watch it here.");
        if (last != null) {
            snapshot.set(new ServiceSnapshot(Instant.now(), last.service(), "STOPPED", 0, 0, 0, List.of(), List.of(),
                    last.activities(), last.events(), last.cpu(), last.memory(), List.of(), last.url(), last.scaling(), List.of(),
                    last.variables(), null));
        }
        gone.set(true);
    }

    /** True once the watched service is gone (a stopped rehearsal): the window shows it stopped, with no actions. */
    public javafx.beans.property.ReadOnlyBooleanProperty goneProperty() {
        return gone.getReadOnlyProperty();
    }

    private void appendLog(List<LogLine> lines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        logLines.addAll(lines);
        if (logLines.size() > MAX_LOG_LINES) {
            logLines.remove(0, logLines.size() - MAX_LOG_LINES);
        }
    }

    public String title() {
        return watch.name();
    }

    public java.time.Duration chartWindow() {
        return watch.chartWindow();
    }

    public Set<ServiceWatch.Action> actions() {
        return watch.actions();
    }

    public String deleteWhat() {
        return watch.deleteWhat();
    }

    /** Polls while the window is shown; no polling while it is hidden or minimised. Call on the FX thread. */
    public void setActive(boolean active) {
        active = active && !ended;
        if (active == polling) {
            return;
        }
        polling = active;
        if (active) {
            poller.restart();
        } else {
            poller.cancel();
        }
        followPolling();
    }

    /** The log is read only while the window polls, its tab is shown and follow is on. */
    private void followPolling() {
        boolean wanted = polling && logsShown.get() && followLogs.get() && watch.actions().contains(ServiceWatch.Action.LOGS);
        if (wanted && !followingLogs) {
            logPoller.restart();
        } else if (!wanted) {
            logPoller.cancel();
        }
        followingLogs = wanted;
    }

    /** Whether the window asks for polling now (readable from any thread). */
    public boolean isPolling() {
        return polling;
    }

    /** Whether the log tail is being read now (readable from any thread). */
    public boolean isFollowingLogs() {
        return followingLogs;
    }

    public void setDesired(int count) {
        ServiceSnapshot shown = snapshot.get();
        dev.dockhand.monitor.ScalingLimits limits = shown == null ? null : shown.scaling();
        act(false, progress -> {
            watch.setDesired(count);
            return MonitorTexts.desiredSet(count, limits);
        });
    }

    public void setLimits(int min, int max) {
        act(false, progress -> {
            watch.setLimits(min, max);
            return "Autoscaling bounds set to " + min + " to " + max + " tasks.";
        });
    }

    public void forceNewDeployment() {
        act(false, progress -> {
            watch.forceNewDeployment();
            return "A new deployment started: every task is replaced, rolling.";
        });
    }

    /** Rolls the blue/green deployment in progress back: the old revision takes the traffic again at once. */
    public void rollBackDeployment() {
        act(false, progress -> {
            watch.rollBackDeployment();
            return "Rolling back: the old revision takes the traffic again; ECS stops the new one.";
        });
    }

    public void stopTask(String taskId) {
        act(false, progress -> {
            watch.stopTask(taskId);
            return "Task " + taskId + " stopped; the service replaces it.";
        });
    }

    /**
     * Sends a bounded loopback load to the rehearsal's {@code path} for {@code duration} from {@code clients}
     * clients, its progress in {@link #loadStatusProperty()}; one at a time.
     */
    public void generateLoad(String path, java.time.Duration duration, int clients) {
        if (loading.get()) {
            return;
        }
        Task<dev.dockhand.local.LoadGenerator.Report> task = new Task<>() {
            @Override
            protected dev.dockhand.local.LoadGenerator.Report call() throws Exception {
                return watch.generateLoad(path, duration, clients, p -> updateMessage(String.format(java.util.Locale.ROOT,
                        "Load on %s: %,d requests (%,d failed), %d s of %d s", path, p.requests(), p.failures(),
                        p.elapsed().toSeconds(), p.total().toSeconds())));
            }
        };
        load = task;
        loading.set(true);
        loadStatus.set("Load on " + path + ": starting " + clients + " clients for " + duration.toSeconds() + " s…");
        task.messageProperty().addListener((obs, old, text) -> loadStatus.set(text));
        task.setOnSucceeded(e -> {
            loading.set(false);
            loadStatus.set("Load on " + path + " done: " + task.getValue().describe() + ".");
        });
        task.setOnFailed(e -> {
            loading.set(false);
            loadStatus.set("The load could not run: " + task.getException().getMessage());
        });
        task.setOnCancelled(e -> {
            loading.set(false);
            loadStatus.set("Load on " + path + " stopped.");
        });
        tasks.run(task);
    }

    /** Stops a running load early. */
    public void stopLoad() {
        if (load != null) {
            load.cancel(true);
        }
    }

    /** Deletes the service's stack (or the rehearsal); polling stops, as there is nothing left to watch. */
    public void delete(ServiceWatch.Deletion deletion) {
        act(true, progress -> watch.delete(deletion, progress));
    }

    /** An action on the service; it returns its outcome in the user's words. */
    private interface Action {
        String run(Consumer<String> progress) throws Exception;
    }

    private void act(boolean endsWatch, Action action) {
        Task<String> task = new Task<>() {
            @Override
            protected String call() throws Exception {
                return action.run(this::updateMessage); // progress reaches the FX thread through the task's message
            }
        };
        busy.set(true);
        message.set("Working…");
        task.messageProperty().addListener((obs, old, text) -> message.set(text));
        task.setOnSucceeded(e -> {
            busy.set(false);
            message.set(task.getValue());
            if (endsWatch) {
                ended = true;
                setActive(false);
            }
        });
        task.setOnFailed(e -> {
            busy.set(false);
            message.set("Could not do it: " + task.getException().getMessage());
        });
        tasks.run(task);
    }

    /** Stops polling and releases the source's connections: the window was closed. */
    public void close() {
        stopLoad();
        ended = true;
        setActive(false);
        tasks.run(new Task<Void>() {
            @Override
            protected Void call() {
                watch.close();
                return null;
            }
        });
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

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty followLogsProperty() {
        return followLogs;
    }

    /** Set by the window while the log tab is the one shown. */
    public BooleanProperty logsShownProperty() {
        return logsShown;
    }

    public StringProperty logErrorProperty() {
        return logError;
    }

    public ObservableList<LogLine> logLines() {
        return logLines;
    }

    /** Where the CPU target tracking stands, in words; empty when it cannot be told. */
    public javafx.beans.property.ReadOnlyStringProperty scalingProgressProperty() {
        return scalingProgress.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyStringProperty loadStatusProperty() {
        return loadStatus.getReadOnlyProperty();
    }
}
