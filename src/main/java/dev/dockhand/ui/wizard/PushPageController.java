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

    public PushPageController(PushPageModel model, BuildPageModel build) {
        this.model = model;
        this.build = build;
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
