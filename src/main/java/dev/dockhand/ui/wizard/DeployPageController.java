package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.DeployProgress.ChangeRow;
import dev.dockhand.pipeline.DeployProgress.EventRow;
import dev.dockhand.pipeline.DeployResult;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The Deploy page: the change set to approve, stack events as they happen, and the outcome. */
public final class DeployPageController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final DeployPageModel model;
    private final PushPageModel push;

    @FXML private Button deployButton;
    @FXML private Label statusLabel;
    @FXML private HBox questionBar;
    @FXML private Label questionLabel;
    @FXML private Label errorLabel;
    @FXML private Label resultLabel;
    @FXML private TableView<ChangeRow> changeTable;
    @FXML private TableColumn<ChangeRow, String> actionColumn;
    @FXML private TableColumn<ChangeRow, String> logicalColumn;
    @FXML private TableColumn<ChangeRow, String> typeColumn;
    @FXML private TableColumn<ChangeRow, String> replacementColumn;
    @FXML private TableView<EventRow> eventTable;
    @FXML private TableColumn<EventRow, String> timeColumn;
    @FXML private TableColumn<EventRow, String> eventResourceColumn;
    @FXML private TableColumn<EventRow, String> statusColumn;
    @FXML private TableColumn<EventRow, String> reasonColumn;
    @FXML private Button cancelButton;

    private final TargetPageModel target;

    public DeployPageController(DeployPageModel model, PushPageModel push, TargetPageModel target) {
        this.model = model;
        this.push = push;
        this.target = target;
    }

    @FXML
    private void initialize() {
        deployButton.disableProperty().bind(model.runningProperty().or(push.imageUriProperty().isNull().and(target.localProperty().not())));
        // The page is made when first shown, after the target was chosen: render the models as they are now.
        target.localProperty().addListener((obs, old, isLocal) -> showTarget(isLocal));
        showTarget(target.localProperty().get());
        cancelButton.disableProperty().bind(model.runningProperty().not());
        statusLabel.textProperty().bind(model.statusProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        model.questionProperty().addListener((obs, old, text) -> showQuestion(text));
        showQuestion(model.questionProperty().get());
        changeTable.setItems(model.changes());
        changeTable.setPlaceholder(new Label("The change set appears here before anything changes."));
        actionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        logicalColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().logicalId()));
        typeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().resourceType()));
        replacementColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().replacement()));
        eventTable.setItems(model.events());
        eventTable.setPlaceholder(new Label("Stack events appear here as CloudFormation works."));
        timeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TIME.format(c.getValue().time())));
        eventResourceColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().logicalId()));
        statusColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().status()));
        reasonColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason() == null ? "" : c.getValue().reason()));
        model.resultProperty().addListener((obs, old, result) -> showResult(result));
        showResult(model.resultProperty().get());
    }

    private void showTarget(boolean isLocal) {
        deployButton.setText(isLocal ? "_Start Rehearsal" : "_Prepare Deployment");
    }

    private void showQuestion(String text) {
        questionLabel.setText(text);
        questionBar.setVisible(text != null);
        questionBar.setManaged(text != null);
    }

    private void showResult(DeployResult result) {
        boolean show = result != null && result.serviceStable();
        resultLabel.setVisible(show);
        resultLabel.setManaged(show);
        if (show) {
            StringBuilder text = new StringBuilder(result.stackStatus().equals("RUNNING") ? "The rehearsal answers at "
                    : "The service is stable at ").append(result.url());
            if (result.urlStatus() != null) {
                text.append("; it answered ").append(result.urlStatus());
                if (result.urlAnswer() != null && !result.urlAnswer().isBlank()) {
                    text.append(": ").append(result.urlAnswer());
                }
            } else if (result.urlAnswer() != null) {
                text.append(" (").append(result.urlAnswer()).append(')');
            }
            resultLabel.setText(text.toString());
        }
    }

    @FXML
    private void deploy() {
        model.deploy();
    }

    @FXML
    private void yes() {
        model.answer(true);
    }

    @FXML
    private void no() {
        model.answer(false);
    }

    @FXML
    private void cancel() {
        model.cancel();
    }
}
