package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;


/** State and actions of the Build page: build the image in the background, with its log, steps and cancel. */
public final class BuildPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final DockerSession docker;

    private final StringProperty reference = new SimpleStringProperty("");
    private final StringProperty engine = new SimpleStringProperty("not connected yet");
    private final StringProperty context = new SimpleStringProperty("");
    private final ObjectProperty<ImageReports.Build> built = new SimpleObjectProperty<>();
    private final StepRun<ImageReports.Build> run;

    public BuildPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.docker = docker;
        this.run = new StepRun<>(tasks);
        wizard.projectProperty().addListener((obs, old, project) -> reset());
    }

    private void reset() {
        run.reset("");
        built.set(null);
        reference.set("");
        context.set("");
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
        suggest.setOnFailed(e -> run.error().set(suggest.getException().getMessage()));
        tasks.run(suggest);
    }

    public void build() {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null) {
            return;
        }
        String ref = reference.get();
        context.set("");
        long started = System.nanoTime();
        run.start("Packing the build context…", "Build cancelled; the image was not tagged.", events -> {
            ImageSteps steps = docker.steps();
            javafx.application.Platform.runLater(() -> engine.set(steps.engineDescription()));
            return steps.build(project.folder(), ref, events.showDetail("context", context));
        }, result -> {
            built.set(result);
            reference.set(result.image());
            run.progress().set(1);
            run.status().set("Built " + result.image());
            // The end of the log says what came of it, where the eye lands after the engine's last line.
            run.log().add("Built " + result.image() + " in " + seconds(System.nanoTime() - started)
                    + (result.imageBytes() == null ? "" : "; image size " + dev.dockhand.pipeline.Sizes.human(result.imageBytes()))
                    + ".");
            wizard.complete(WizardStep.BUILD);
        });
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s < 60 ? String.format(java.util.Locale.ROOT, "%.1f s", s)
                : String.format(java.util.Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
    }

    public void cancel() {
        run.cancel();
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
        return run.progress();
    }

    /** What the build does now: "Step 3 of 9: RUN npm ci", then "Built app:1a2b3c4". */
    public StringProperty stepProperty() {
        return run.status();
    }

    public ObservableList<String> log() {
        return run.log();
    }

    public BooleanProperty runningProperty() {
        return run.running();
    }

    public StringProperty errorProperty() {
        return run.error();
    }

    public ObjectProperty<ImageReports.Build> builtProperty() {
        return built;
    }
}
