package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageReports;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;

/** The Push page: layer progress and log of the push to ECR. */
public final class PushPageController {

    private final PushPageModel model;
    private final BuildPageModel build;

    @FXML private Label imageLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private ListView<String> logList;
    @FXML private Button cancelButton;
    @FXML private Button pushButton;
    @FXML private Label pushTitle;
    @FXML private Label pushIntro;
    @FXML private javafx.scene.layout.HBox progressRow;
    @FXML private javafx.scene.layout.HBox buttonRow;

    private final TargetPageModel target;

    public PushPageController(PushPageModel model, BuildPageModel build, TargetPageModel target) {
        this.model = model;
        this.build = build;
        this.target = target;
    }

    @FXML
    private void initialize() {
        progressBar.progressProperty().bind(model.progressProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        cancelButton.disableProperty().bind(model.runningProperty().not());
        pushButton.disableProperty().bind(model.runningProperty().or(build.builtProperty().isNull()));
        ErrorLabels.follow(errorLabel, model.errorProperty());
        logList.setItems(model.log());
        logList.setPlaceholder(new Label("Layer progress appears here."));
        FollowTail.attach(logList);
        // The page is made when first shown, after the build: show the image built already.
        build.builtProperty().addListener((obs, old, built) -> showImage(built));
        showImage(build.builtProperty().get());
        target.localProperty().addListener((obs, old, isLocal) -> showTarget(isLocal));
        showTarget(target.localProperty().get());
    }

    /** A rehearsal runs the image from the local engine: the step has nothing to do, and says so. */
    private void showTarget(boolean isLocal) {
        pushTitle.setText(isLocal ? "Nothing to push for a rehearsal" : "Push the image to Amazon ECR");
        pushIntro.setText(isLocal
                ? "The local rehearsal runs the image straight from your Docker engine, so no registry is involved. Go on to "
                + "start it."
                : "The service's repository is created if it is missing (scan on push, immutable tags, old images expired). The "
                + "image keeps its tag, so every deployment rolls out a version you can name.");
        for (javafx.scene.Node awsOnly : java.util.List.of(progressRow, logList, buttonRow)) {
            awsOnly.setVisible(!isLocal);
            awsOnly.setManaged(!isLocal);
        }
    }

    private void showImage(ImageReports.Build built) {
        imageLabel.setText(built == null ? "" : "Image: " + built.image());
    }

    @FXML
    private void push() {
        model.push();
    }

    @FXML
    private void cancel() {
        model.cancel();
    }
}
