package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsPlan;
import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/** State and actions of the Push page: the built image into the service's ECR repository, with layer progress. */
public final class PushPageModel {

    private final WizardModel wizard;
    private final DockerSession docker;
    private final AwsConnection aws;
    private final BuildPageModel build;
    private final TargetPageModel target;
    private final StepRun<String> run;
    private final StringProperty imageUri = new SimpleStringProperty();

    public PushPageModel(WizardModel wizard, BackgroundTasks tasks, DockerSession docker, AwsConnection aws,
                         BuildPageModel build, TargetPageModel target) {
        this.wizard = wizard;
        this.docker = docker;
        this.aws = aws;
        this.build = build;
        this.target = target;
        this.run = new StepRun<>(tasks);
        build.builtProperty().addListener((obs, old, built) -> {
            imageUri.set(null);
            run.reset("");
        });
    }

    public void push() {
        ImageReports.Build built = build.builtProperty().get();
        AwsPlan plan = target.planProperty().get();
        if (built == null || plan == null) {
            return;
        }
        run.start("Pushing " + built.image(), "Push cancelled.",
                events -> aws.current().push(docker.steps(), built.image(), plan.serviceName(), events),
                uri -> {
                    imageUri.set(uri);
                    run.progress().set(1);
                    run.status().set("Pushed " + uri);
                    wizard.complete(WizardStep.PUSH);
                });
    }

    public void cancel() {
        run.cancel();
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

    public StringProperty imageUriProperty() {
        return imageUri;
    }
}
