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

import java.util.concurrent.CancellationException;

/** State and actions of the Build page: build the image in the background, with its log, steps and cancel. */
public final class BuildPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final DockerSession docker;

    private final StringProperty reference = new SimpleStringProperty("");
    private final StringProperty engine = new SimpleStringProperty("not connected yet");
    private final StringProperty context = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty step = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<ImageReports.Build> built = new SimpleObjectProperty<>();
    private Task<ImageReports.Build> task;

    public BuildPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.docker = docker;
        wizard.projectProperty().addListener((obs, old, project) -> reset());
    }

    private void reset() {
        cancel();
        built.set(null);
        reference.set("");
        log.clear();
        progress.set(0);
        step.set("");
        context.set("");
        status.set(null);
        error.set(null);
    }

    /** Fills in the default image reference (folder name and commit) when the page is first shown. */
    public void suggestReference() {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null || !reference.get().isBlank()) {
            return;
        }
        Task<String> suggest = new Task<>() {
            @Override
            protected String call() throws Exception {
                ImageSteps steps = docker.steps();
                javafx.application.Platform.runLater(() -> engine.set(steps.engineDescription()));
                return steps.defaultReference(project.folder());
            }
        };
        suggest.setOnSucceeded(e -> {
            if (reference.get().isBlank()) {
                reference.set(suggest.getValue());
            }
        });
        suggest.setOnFailed(e -> error.set(suggest.getException().getMessage()));
        tasks.run(suggest);
    }

    public void build() {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null || running.get()) {
            return;
        }
        log.clear();
        error.set(null);
        status.set(null);
        progress.set(-1);
        step.set("Packing the build context…");
        running.set(true);
        String ref = reference.get();
        context.set("");
        FxEvents events = new FxEvents(progress, step, log).showDetail("context", context);
        task = new Task<>() {
            @Override
            protected ImageReports.Build call() throws Exception {
                ImageSteps steps = docker.steps();
                javafx.application.Platform.runLater(() -> engine.set(steps.engineDescription()));
                return steps.build(project.folder(), ref, events);
            }
        };
        task.setOnSucceeded(e -> {
            running.set(false);
            ImageReports.Build result = task.getValue();
            built.set(result);
            reference.set(result.image());
            progress.set(1);
            status.set("Built " + result.image());
            wizard.complete(WizardStep.BUILD);
        });
        task.setOnCancelled(e -> finishFailed("Build cancelled; the image was not tagged."));
        task.setOnFailed(e -> {
            Throwable failure = task.getException();
            finishFailed(failure instanceof CancellationException ? "Build cancelled; the image was not tagged."
                    : failure.getMessage());
        });
        tasks.run(task);
    }

    private void finishFailed(String message) {
        running.set(false);
        progress.set(0);
        error.set(message);
    }

    public void cancel() {
        if (task != null && task.isRunning()) {
            task.cancel(true);
        }
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    public StringProperty engineProperty() {
        return engine;
    }

    public StringProperty contextProperty() {
        return context;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty stepProperty() {
        return step;
    }

    public ObservableList<String> log() {
        return log;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<ImageReports.Build> builtProperty() {
        return built;
    }
}
