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
    @FXML private Button yesButton;
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
    @FXML private Label titleLabel;
    @FXML private Label introLabel;
    @FXML private javafx.scene.control.CheckBox fastTimingsBox;
    @FXML private javafx.scene.layout.HBox rehearsalBar;
    @FXML private javafx.scene.control.Hyperlink urlLink;
    @FXML private Button copyUrlButton;
    @FXML private Button openUrlButton;
    @FXML private Button stopRehearsalButton;
    @FXML private HBox blueGreenBar;
    @FXML private Label blueGreenLabel;
    @FXML private javafx.scene.control.Hyperlink testUrlLink;
    @FXML private Button blueGreenRollBackButton;
    @FXML private HBox failureBar;
    @FXML private Label failureLabel;
    @FXML private Button rollBackButton;
    @FXML private Label changesTitle;
    @FXML private Label eventsTitle;

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
        model.rehearsalProperty().addListener((obs, old, now) -> showDeployButton());
        cancelButton.disableProperty().bind(model.runningProperty().not());
        statusLabel.textProperty().bind(model.statusProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        model.questionProperty().addListener((obs, old, text) -> showQuestion(text));
        yesButton.textProperty().bind(model.questionYesProperty());
        showQuestion(model.questionProperty().get());
        changeTable.setItems(model.changes());
        changeTable.setPlaceholder(new Label("The change set appears here before anything changes."));
        actionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        logicalColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().logicalId()));
        typeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().resourceType()));
        replacementColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().replacement()));
        eventTable.setItems(model.events());
        // Times, resource names and statuses are short: they are shown whole, the reason takes what is left.
        model.events().addListener((javafx.collections.ListChangeListener<EventRow>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    dev.dockhand.ui.common.TableColumns.widenToContent(eventTable,
                            java.util.List.of(timeColumn, eventResourceColumn, statusColumn), change.getAddedSubList());
                }
            }
        });
        model.changes().addListener((javafx.collections.ListChangeListener<ChangeRow>) change -> dev.dockhand.ui.common.TableColumns
                .widenToContent(changeTable, java.util.List.of(actionColumn, logicalColumn, typeColumn, replacementColumn)));
        // The last column (the reason, or a rehearsal's event) takes the width left: no empty filler column.
        eventTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        timeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TIME.format(c.getValue().time())));
        eventResourceColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().logicalId()));
        statusColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().status()));
        reasonColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason() == null ? "" : c.getValue().reason()));
        // A reason is the one long value (a failed resource's cause): whole in its tooltip when the row cuts it.
        reasonColumn.setCellFactory(column -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(String reason, boolean empty) {
                super.updateItem(reason, empty);
                boolean blank = empty || reason == null || reason.isEmpty();
                setText(blank ? null : reason);
                whole.setText(blank ? "" : reason);
                whole.setWrapText(true);
                whole.setMaxWidth(600);
                setTooltip(blank ? null : whole);
            }
        });
        model.resultProperty().addListener((obs, old, result) -> showResult(result));
        showResult(model.resultProperty().get());
        fastTimingsBox.selectedProperty().bindBidirectional(model.fastTimingsProperty());
        fastTimingsBox.disableProperty().bind(model.runningProperty());
        rehearsalBar.visibleProperty().bind(model.rehearsalProperty().isNotNull());
        rehearsalBar.managedProperty().bind(rehearsalBar.visibleProperty());
        stopRehearsalButton.disableProperty().bind(model.runningProperty());
        failureLabel.textProperty().bind(model.failingProperty());
        failureBar.visibleProperty().bind(model.failingProperty().isNotNull());
        failureBar.managedProperty().bind(failureBar.visibleProperty());
        rollBackButton.disableProperty().bind(model.rollingBackProperty());
        rollBackButton.visibleProperty().bind(model.runningProperty());
        rollBackButton.managedProperty().bind(rollBackButton.visibleProperty());
        model.blueGreenProperty().addListener((obs, old, now) -> showBlueGreen(now));
        showBlueGreen(model.blueGreenProperty().get());
    }

    /** A blue/green deployment's stage, traffic and bake time, where the new revision answers, and Roll Back while it can. */
    private void showBlueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
        blueGreenBar.setVisible(status != null);
        blueGreenBar.setManaged(status != null);
        if (status == null) {
            return;
        }
        blueGreenLabel.setText(status.describe());
        testUrlLink.setText(status.testUrl() == null ? "" : status.testUrl());
        testUrlLink.setVisible(status.testUrl() != null);
        blueGreenRollBackButton.setDisable(!status.canRollBack() || model.rollingBackProperty().get() || !model.runningProperty().get());
    }

    @FXML
    private void openTestUrl() {
        dev.dockhand.ui.common.Browser.open(testUrlLink.getText(), problem -> model.reportProblem(problem));
    }

    @FXML
    private void rollBack() {
        model.rollBackNow();
    }

    private static final String AWS_INTRO = "Dockhand writes the CloudFormation template into your project "
            + "(infra/dockhand-stack.yaml), shows what the change set would do, and changes nothing until you say so. Then it "
            + "follows the stack's events and waits until the service is stable and its targets are healthy.";
    private static final String LOCAL_INTRO = "Dockhand starts the service's replicas on your Docker engine behind a local load "
            + "balancer, with the stack's health check, draining and CPU target tracking, and waits until they are healthy. "
            + "Nothing is sent to AWS. It keeps running after you close Dockhand, until you stop it.";

    /** Says what this step does for the chosen target, and shows only what applies to it. */
    private void showTarget(boolean isLocal) {
        showDeployButton();
        titleLabel.setText(isLocal ? "Start the local rehearsal" : "Deploy the service");
        introLabel.setText(isLocal ? LOCAL_INTRO : AWS_INTRO);
        for (javafx.scene.Node aws : java.util.List.of(changesTitle, changeTable)) {
            aws.setVisible(!isLocal);
            aws.setManaged(!isLocal);
        }
        fastTimingsBox.setVisible(isLocal);
        fastTimingsBox.setManaged(isLocal);
        eventsTitle.setText(isLocal ? "Service events" : "Stack events");
        // A rehearsal's events are messages of the one service: no resource or status of their own.
        eventResourceColumn.setVisible(!isLocal);
        statusColumn.setVisible(!isLocal);
        reasonColumn.setText(isLocal ? "Event" : "Reason");
        eventTable.setPlaceholder(new Label(isLocal ? "The rehearsal's events appear here as its replicas start."
                : "Stack events appear here as CloudFormation works."));
        cancelButton.setVisible(!isLocal);
        cancelButton.setManaged(!isLocal);
    }

    /**
     * Start, or, while the rehearsal runs, Update: a second start rolls the image built last into the running
     * replicas, one at a time. Then it is not the page's main action: the rehearsal already runs.
     */
    private void showDeployButton() {
        boolean isLocal = target.localProperty().get();
        boolean rehearsing = isLocal && model.rehearsalProperty().get() != null;
        deployButton.setText(!isLocal ? "_Prepare Deployment" : rehearsing ? "_Update Rehearsal" : "_Start Rehearsal");
        deployButton.getStyleClass().remove("accent");
        if (!rehearsing) {
            deployButton.getStyleClass().add("accent");
        }
        deployButton.setTooltip(rehearsing ? new javafx.scene.control.Tooltip(
                "Roll the image built last into the running rehearsal, one replica at a time") : null);
    }

    @FXML
    private void copyUrl() {
        dev.dockhand.ui.common.Clipboards.copy(copyUrlButton, urlLink.getText());
    }

    @FXML
    private void openUrl() {
        urlLink.setVisited(false);
        dev.dockhand.ui.common.Browser.open(urlLink.getText(), problem -> model.reportProblem(problem));
    }

    @FXML
    private void stopRehearsal() {
        model.stopRehearsal();
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
            // The address is on its own row below, with Copy and Open: the line says what answers there.
            boolean rehearsal = result.stackStatus().equals("RUNNING");
            StringBuilder text = new StringBuilder(rehearsal ? "The rehearsal is running" : "The service is stable at " + result.url());
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
        if (result != null && result.url() != null) {
            urlLink.setText(result.url());
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
