package dev.dockhand.ui.wizard;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;

/** The Build page: image reference, build context size, step progress, the live log, Build and Cancel. */
public final class BuildPageController {

    private final BuildPageModel model;

    @FXML private TextField referenceField;
    @FXML private Label engineLabel;
    @FXML private Label contextLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label stepLabel;
    @FXML private Label errorLabel;
    @FXML private ListView<String> logList;
    @FXML private Button cancelButton;
    @FXML private Button buildButton;

    public BuildPageController(BuildPageModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        referenceField.textProperty().bindBidirectional(model.referenceProperty());
        referenceField.disableProperty().bind(model.runningProperty());
        engineLabel.textProperty().bind(model.engineProperty());
        contextLabel.textProperty().bind(model.contextProperty());
        progressBar.progressProperty().bind(model.progressProperty());
        stepLabel.textProperty().bind(model.stepProperty());
        cancelButton.disableProperty().bind(model.runningProperty().not());
        buildButton.disableProperty().bind(model.runningProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        logList.setItems(model.log());
        logList.setPlaceholder(new Label("The build log appears here."));
        FollowTail.attach(logList);
        referenceField.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                model.suggestReference();
            }
        });
    }

    @FXML
    private void build() {
        model.build();
    }

    @FXML
    private void cancel() {
        model.cancel();
    }
}
