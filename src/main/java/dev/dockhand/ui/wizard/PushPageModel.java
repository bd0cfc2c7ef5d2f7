package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsPlan;
import dev.dockhand.pipeline.ImageReports;
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

/** State and actions of the Push page: the built image into the service's ECR repository, with layer progress. */
public final class PushPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final DockerSession docker;
    private final AwsConnection aws;
    private final BuildPageModel build;
    private final TargetPageModel target;

    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty imageUri = new SimpleStringProperty();
    private Task<String> task;

    public PushPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker, AwsConnection aws,
                         BuildPageModel build, TargetPageModel target) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.docker = docker;
        this.aws = aws;
        this.build = build;
        this.target = target;
        build.builtProperty().addListener((obs, old, built) -> {
            imageUri.set(null);
            log.clear();
            status.set("");
        });
    }

    public void push() {
        ImageReports.Build built = build.builtProperty().get();
        AwsPlan plan = target.planProperty().get();
        if (built == null || plan == null || running.get()) {
            return;
        }
        running.set(true);
        error.set(null);
        log.clear();
        progress.set(-1);
        FxEvents events = new FxEvents(progress, status, log);
        task = new Task<>() {
            @Override
            protected String call() throws Exception {
                return aws.current().push(docker.steps(), built.image(), plan.serviceName(), events);
            }
        };
        task.setOnSucceeded(e -> {
            running.set(false);
            imageUri.set(task.getValue());
            progress.set(1);
            status.set("Pushed " + task.getValue());
            wizard.complete(WizardStep.PUSH);
        });
        task.setOnCancelled(e -> failed("Push cancelled."));
        task.setOnFailed(e -> failed(task.getException() instanceof CancellationException ? "Push cancelled."
                : task.getException().getMessage()));
        tasks.run(task);
    }

    private void failed(String message) {
        running.set(false);
        progress.set(0);
        error.set(message);
    }

    public void cancel() {
        if (task != null && task.isRunning()) {
            task.cancel(true);
        }
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

    public StringProperty imageUriProperty() {
        return imageUri;
    }
}
