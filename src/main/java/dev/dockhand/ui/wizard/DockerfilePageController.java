package dev.dockhand.ui.wizard;

import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;

import java.util.Arrays;

/** The Dockerfile page: the proposal, editable; the diff against the user's own; Save with a backup. */
public final class DockerfilePageController {

    private final DockerfilePageModel model;

    @FXML private HBox existingBanner;
    @FXML private Label existingText;
    @FXML private Button useExistingButton;
    @FXML private Label errorLabel;
    @FXML private TabPane tabs;
    @FXML private TextArea dockerfileText;
    @FXML private TextArea dockerignoreText;
    @FXML private Tab changesTab;
    @FXML private ListView<String> diffList;
    @FXML private Button resetButton;
    @FXML private Button loadButton;
    @FXML private Button saveButton;
    @FXML private ProgressIndicator busy;
    @FXML private Label statusLabel;

    public DockerfilePageController(DockerfilePageModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        dockerfileText.textProperty().bindBidirectional(model.dockerfileProperty());
        dockerignoreText.textProperty().bindBidirectional(model.dockerignoreProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        busy.visibleProperty().bind(model.busyProperty());
        saveButton.disableProperty().bind(model.busyProperty().or(model.canProposeProperty().not()));
        resetButton.disableProperty().bind(model.busyProperty().or(model.canProposeProperty().not()));
        loadButton.disableProperty().bind(model.busyProperty().or(model.canProposeProperty().not()));
        dockerfileText.editableProperty().bind(model.canProposeProperty());
        dockerignoreText.editableProperty().bind(model.canProposeProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        model.existingDockerfileProperty().addListener((obs, old, existing) -> updateBanner());
        model.canProposeProperty().addListener((obs, old, can) -> updateBanner());
        model.diffProperty().addListener((obs, old, diff) -> updateBanner());
        model.diffProperty().addListener((obs, old, diff) -> showDiff(diff));
        diffList.setPlaceholder(new Label("Your Dockerfile and the proposal are the same."));
        diffList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("diff-added", "diff-removed", "diff-header");
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                setText(line);
                if (line.startsWith("+++") || line.startsWith("---")) {
                    getStyleClass().add("diff-header");
                } else if (line.startsWith("+")) {
                    getStyleClass().add("diff-added");
                } else if (line.startsWith("-")) {
                    getStyleClass().add("diff-removed");
                }
            }
        });
        // Ctrl+S (Cmd+S) saves while this page is shown; the scene is the wizard's, shared by every page.
        saveButton.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.S,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
                    if (saveButton.getScene() == scene && !saveButton.isDisabled()) {
                        save();
                    }
                });
            }
        });
        // The page is made when first shown: the project's files may have been read already.
        updateBanner();
        showDiff(model.diffProperty().get());
    }

    private void showDiff(String diff) {
        diffList.getItems().setAll(diff.isEmpty() ? java.util.List.of() : Arrays.asList(diff.split("\n")));
        // Only there when there is something to compare: a greyed tab says nothing.
        if (diff.isEmpty()) {
            tabs.getTabs().remove(changesTab);
        } else if (!tabs.getTabs().contains(changesTab)) {
            tabs.getTabs().add(changesTab);
        }
    }

    private void updateBanner() {
        // Shown while the user's own Dockerfile differs from what is on screen, or when it is the only one.
        boolean existing = !model.diffProperty().get().isEmpty();
        boolean canPropose = model.canProposeProperty().get();
        boolean show = existing || (!canPropose && model.existingDockerfileProperty().get() != null);
        existingBanner.setVisible(show);
        existingBanner.setManaged(show);
        useExistingButton.setVisible(existing && canPropose);
        // Dockhand's own earlier file is not "yours": say what it is, and offer to keep it rather than to "use mine".
        boolean dockhands = dev.dockhand.pipeline.DockerfileFiles.writtenByDockhand(model.existingDockerfileProperty().get());
        useExistingButton.setText(dockhands ? "_Keep the Saved One" : "_Use My Dockerfile");
        existingText.setText(!canPropose ? "Your own Dockerfile is used as it is."
                : dockhands ? "The project's Dockerfile was written by Dockhand earlier and differs from today's proposal: "
                + "compare them under \u201cChanges\u201d; saving replaces it only after you confirm, and keeps a backup."
                : "This project already has a Dockerfile. Compare it with the proposal under \u201cChanges\u201d; "
                + "saving replaces it only after you confirm, and keeps a backup.");
    }

    @FXML
    private void useExisting() {
        model.useExisting();
    }

    @FXML
    private void loadOwn() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Open Your Own Dockerfile");
        model.projectFolder().filter(java.nio.file.Files::isDirectory).ifPresent(folder -> chooser.setInitialDirectory(folder.toFile()));
        java.io.File file = chooser.showOpenDialog(loadButton.getScene().getWindow());
        if (file != null) {
            model.loadFrom(file.toPath());
        }
    }

    @FXML
    private void reset() {
        model.resetToProposal();
    }

    @FXML
    private void save() {
        if (!model.replacesExistingProperty().get()) {
            model.save(false);
            return;
        }
        String files = model.filesReplaced();
        ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION,
                "Your " + files + " will be replaced. A copy of each is kept beside it as "
                        + "<name>.<date-time>.dockhand-backup.", replace, ButtonType.CANCEL);
        confirm.initOwner(saveButton.getScene().getWindow());
        confirm.setTitle("Replace " + files + "?");
        confirm.setHeaderText("Replace your " + files + "?");
        confirm.showAndWait().filter(replace::equals).ifPresent(choice -> model.save(true));
    }
}
