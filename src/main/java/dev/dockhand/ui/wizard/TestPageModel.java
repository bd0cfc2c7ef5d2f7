package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.time.Duration;

/** State and actions of the Test page: run the built image locally and call its health path. */
public final class TestPageModel {

    private final WizardModel wizard;
    private final DockerSession docker;
    private final BuildPageModel build;
    private final ConfigPageModel config;
    private final StepRun<ImageReports.Test> run;
    private final ObjectProperty<ImageReports.Test> result = new SimpleObjectProperty<>();

    public TestPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker, BuildPageModel build,
                         ConfigPageModel config) {
        this.wizard = wizard;
        this.config = config;
        this.docker = docker;
        this.build = build;
        this.run = new StepRun<>(tasks);
        build.builtProperty().addListener((obs, old, built) -> {
            result.set(null);
            run.reset(built == null ? "" : "Ready to test " + built.image());
        });
    }

    public void test() {
        OpenedProject project = wizard.projectProperty().get();
        ImageReports.Build built = build.builtProperty().get();
        if (project == null || built == null) {
            return;
        }
        result.set(null);
        var choices = config.choices();
        run.start("Starting " + built.image(), "Test cancelled; the container was removed.",
                events -> docker.steps().test(project, built.image(), choices.read(project), ImageSteps.DEFAULT_TEST_TIMEOUT, events),
                outcome -> {
                    result.set(outcome);
                    run.progress().set(outcome.healthy() ? 1 : 0);
                    if (outcome.healthy()) {
                        run.status().set("Healthy: " + outcome.statusCode() + " in " + outcome.latencyMs()
                                + " ms. The test container was removed.");
                        wizard.complete(WizardStep.TEST);
                    } else {
                        run.status().set("Not healthy. The test container was removed.");
                        run.error().set(outcome.reason());
                    }
                });
    }

    public void cancel() {
        run.cancel();
    }

    /** How long the test waits for a healthy answer, for the page's explanation. */
    public Duration timeout() {
        return ImageSteps.DEFAULT_TEST_TIMEOUT;
    }

    public DoubleProperty progressProperty() {
        return run.progress();
    }

    public StringProperty statusProperty() {
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

    public ObjectProperty<ImageReports.Test> resultProperty() {
        return result;
    }
}
