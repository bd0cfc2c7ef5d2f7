package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.FxEvents;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/** State and actions of the Test page: run the built image locally and call its health path. */
public final class TestPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final DockerSession docker;
    private final BuildPageModel build;

    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<ImageReports.Test> result = new SimpleObjectProperty<>();
    private Task<ImageReports.Test> task;

    public TestPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker, BuildPageModel build) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.docker = docker;
        this.build = build;
        build.builtProperty().addListener((obs, old, built) -> {
            cancel();
            result.set(null);
            error.set(null);
            log.clear();
            status.set(built == null ? "" : "Ready to test " + built.image());
        });
    }

    public void test() {
        OpenedProject project = wizard.projectProperty().get();
        ImageReports.Build built = build.builtProperty().get();
        if (project == null || built == null || running.get()) {
            return;
        }
        log.clear();
        error.set(null);
        result.set(null);
        progress.set(-1);
        running.set(true);
        FxEvents events = new FxEvents(progress, status, log);
        task = new Task<>() {
            @Override
            protected ImageReports.Test call() throws Exception {
                ImageSteps steps = docker.steps();
                return steps.test(project, built.image(), ImageSteps.DEFAULT_TEST_TIMEOUT, events);
            }
        };
        task.setOnSucceeded(e -> {
            running.set(false);
            ImageReports.Test outcome = task.getValue();
            result.set(outcome);
            progress.set(outcome.healthy() ? 1 : 0);
            if (outcome.healthy()) {
                status.set("Healthy: " + outcome.statusCode() + " in " + outcome.latencyMs() + " ms. The test container was removed.");
                wizard.complete(WizardStep.TEST);
            } else {
                status.set("Not healthy. The test container was removed.");
                error.set(outcome.reason());
            }
        });
        task.setOnCancelled(e -> stopped("Test cancelled; the container was removed."));
        task.setOnFailed(e -> stopped(task.getException() instanceof CancellationException
                ? "Test cancelled; the container was removed." : task.getException().getMessage()));
        tasks.run(task);
    }

    private void stopped(String message) {
        running.set(false);
        progress.set(0);
        error.set(message);
    }

    public void cancel() {
        if (task != null && task.isRunning()) {
            task.cancel(true);
        }
    }

    /** How long the test waits for a healthy answer, for the page's explanation. */
    public Duration timeout() {
        return ImageSteps.DEFAULT_TEST_TIMEOUT;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<String> log() {
        return log;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<ImageReports.Test> resultProperty() {
        return result;
    }
}
