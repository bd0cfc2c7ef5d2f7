package dev.dockhand.ui.wizard;

import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.FxEvents;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One long step of a wizard page run in the background: its progress, status line, log and error as
 * properties for the page, and Cancel. Build, Test and Push share it.
 */
final class StepRun<T> {

    /** The step's work, on a background thread; it reports through {@code events}. */
    interface Work<T> {
        T run(FxEvents events) throws Exception;
    }

    private final BackgroundTasks tasks;
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private Task<T> task;

    StepRun(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /** Starts {@code work} unless a run is going; {@code done} gets the result on the FX thread. */
    void start(String firstStatus, String cancelledMessage, Work<T> work, Consumer<T> done) {
        if (running.get()) {
            return;
        }
        log.clear();
        error.set(null);
        progress.set(-1);
        status.set(firstStatus);
        running.set(true);
        FxEvents events = new FxEvents(progress, status, log);
        Task<T> started = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.run(events);
            }
        };
        task = started;
        started.setOnSucceeded(e -> {
            running.set(false);
            done.accept(started.getValue());
        });
        started.setOnCancelled(e -> failed(cancelledMessage));
        started.setOnFailed(e -> failed(started.getException() instanceof CancellationException ? cancelledMessage
                : started.getException().getMessage()));
        tasks.run(started);
    }

    private void failed(String message) {
        running.set(false);
        progress.set(0);
        error.set(message);
    }

    void cancel() {
        if (task != null && task.isRunning()) {
            task.cancel(true);
        }
    }

    /** Forgets the last run's log and messages (a new project or image). */
    void reset(String statusText) {
        cancel();
        log.clear();
        error.set(null);
        progress.set(0);
        status.set(statusText);
    }

    DoubleProperty progress() {
        return progress;
    }

    StringProperty status() {
        return status;
    }

    ObservableList<String> log() {
        return log;
    }

    BooleanProperty running() {
        return running;
    }

    StringProperty error() {
        return error;
    }
}
