package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AnalysisReport;
import dev.dockhand.pipeline.AnalysisReport.ReadinessFinding;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.nio.file.Path;

/** The Project page: choose a folder (chooser, drag and drop, recent list) and read its readiness report. */
public final class ProjectPageController {

    private final ProjectPageModel model;
    /** Opens the monitoring window on the rehearsal of this name. */
    private final java.util.function.Consumer<String> monitorRehearsal;

    @FXML private StackPane root;
    @FXML private VBox welcome;
    @FXML private VBox dropZone;
    @FXML private Button openButton;
    @FXML private Label errorLabel;
    @FXML private ListView<Path> recentList;
    @FXML private VBox reportView;
    @FXML private Label projectTitle;
    @FXML private Label projectPath;
    @FXML private GridPane summary;
    @FXML private Label servingError;
    @FXML private HBox workspaceRow;
    @FXML private ComboBox<String> workspaceChoice;
    @FXML private Label findingsSummary;
    @FXML private ListView<ReadinessFinding> findingsList;
    @FXML private Label findingNotice;
    @FXML private VBox busyOverlay;
    @FXML private HBox rehearsalRow;
    @FXML private Label rehearsalLine;
    @FXML private Button rehearsalMonitorButton;

    public ProjectPageController(ProjectPageModel model, java.util.function.Consumer<String> monitorRehearsal) {
        this.model = model;
        this.monitorRehearsal = monitorRehearsal;
    }

    @FXML
    private void initialize() {
        busyOverlay.visibleProperty().bind(model.busyProperty());
        model.busyProperty().addListener((obs, old, busy) -> {
            if (busy) {
                attach(busyOverlay);
            }
        });
        ErrorLabels.follow(errorLabel, model.errorProperty());
        ErrorLabels.follow(servingError, model.saveErrorProperty());
        model.errorProperty().addListener((obs, old, error) -> {
            if (error != null) {
                showWelcome(true);
            }
        });
        model.reportProperty().addListener((obs, old, report) -> showReport(report));

        recentList.setItems(model.recent());
        recentList.setPlaceholder(new Label("Folders you open appear here."));
        recentList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Path path, boolean empty) {
                super.updateItem(path, empty);
                setText(empty || path == null ? null : path.getFileName() + "   \u2014   " + path
                        + (model.rehearsing().contains(path) ? "   \u00b7   running" : ""));
            }
        });
        model.rehearsing().addListener((javafx.collections.SetChangeListener<Path>) change -> recentList.refresh());
        model.rehearsalProperty().addListener((obs, old, running) -> showRehearsal(running));
        recentList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelectedRecent();
            }
        });
        recentList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelectedRecent();
            }
        });
        root.setOnDragOver(this::dragOver);
        root.setOnDragDropped(this::dragDropped);

        findingsList.setCellFactory(list -> new FindingCell());
        ErrorLabels.follow(findingNotice, model.noticeProperty());
        // Enter or a double click opens the selected finding's file at its line.
        findingsList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelectedFinding();
            }
        });
        findingsList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelectedFinding();
            }
        });
        findingsList.setPlaceholder(new Label("Nothing found that would break in containers."));
        workspaceChoice.valueProperty().addListener((obs, old, chosen) -> {
            if (old != null && chosen != null) {
                model.chooseWorkspace(chosen);
            }
        });
        // The recent list is read by the window once it is on screen (WizardWindow.show).
    }

    @FXML
    void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open Project Folder");
        model.chooserStart().ifPresent(start -> chooser.setInitialDirectory(start.toFile()));
        File folder = chooser.showDialog(root.getScene().getWindow());
        if (folder != null) {
            model.open(folder.toPath());
        }
    }

    @FXML
    void monitorRehearsal() {
        var running = model.rehearsalProperty().get();
        if (running != null) {
            monitorRehearsal.accept(running.name());
        }
    }

    /** The line that says the open project's rehearsal still runs, with a way to watch it. */
    private void showRehearsal(dev.dockhand.pipeline.LocalSteps.Running running) {
        boolean shown = running != null;
        rehearsalRow.setVisible(shown);
        rehearsalRow.setManaged(shown);
        rehearsalLine.setText(shown ? "Rehearsal running at " + running.url() : null);
    }

    private void openSelectedFinding() {
        ReadinessFinding selected = findingsList.getSelectionModel().getSelectedItem();
        if (selected != null && selected.file() != null) {
            model.openFinding(selected);
        }
    }

    private void openSelectedRecent() {
        Path selected = recentList.getSelectionModel().getSelectedItem();
        if (selected != null) {
            model.open(selected);
        }
    }

    private void dragOver(DragEvent event) {
        if (event.getDragboard().hasFiles() && event.getDragboard().getFiles().size() == 1) {
            event.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            dropZone.getStyleClass().add("drop-target");
        }
        event.consume();
    }

    private void dragDropped(DragEvent event) {
        dropZone.getStyleClass().remove("drop-target");
        boolean accepted = event.getDragboard().hasFiles();
        if (accepted) {
            // A file dropped instead of a folder gets the analyser's clear "is a file" message.
            model.open(event.getDragboard().getFiles().get(0).toPath());
        }
        event.setDropCompleted(accepted);
        event.consume();
    }

    private void showWelcome(boolean welcomeVisible) {
        if (!welcomeVisible) {
            attach(reportView);
        }
        welcome.setVisible(welcomeVisible);
        welcome.setManaged(welcomeVisible);
        reportView.setVisible(!welcomeVisible);
        reportView.setManaged(!welcomeVisible);
    }

    private void showReport(AnalysisReport report) {
        if (report == null) {
            showWelcome(true);
            return;
        }
        showWelcome(false);
        Path folder = Path.of(report.path());
        projectTitle.setText(folder.getFileName().toString());
        projectPath.setText(report.path());
        summary.getChildren().clear();
        int row = 0;
        row = summaryRow(row, "Stack", report.stackName() + (report.framework() == null ? "" : " \u00b7 " + report.framework()));
        row = summaryRow(row, "Runtime", report.runtimeVersion() == null ? "none needed"
                : report.versionSource() == null ? report.runtimeVersion()
                : report.runtimeVersion() + "  \u00b7  " + report.versionSource()); // the source may hold parentheses itself
        String manager = report.packageManager() != null ? report.packageManager() : report.buildTool();
        if (manager != null) {
            row = summaryRow(row, "Dependencies", manager + (report.lockfile() == null ? "   (no lockfile)" : "   (" + report.lockfile() + ")"));
        }
        row = summaryRow(row, "Start command", orNone(report.startCommand()));
        if (report.startReason() != null) {
            row = summaryRow(row, "Chosen because", report.startReason());
        }
        row = summaryRow(row, "Build step", orNone(report.buildCommand()));
        int servingRow = row;
        row = summaryRow(row, "Port", report.port() + source(report.portSource()));
        summaryRow(row, "Health path", orNone(report.healthPath()) + source(report.healthPathSource()));
        Button edit = new Button("_Edit\u2026");
        edit.setId("editServing");
        edit.setMnemonicParsing(true);
        edit.setTooltip(new javafx.scene.control.Tooltip("Change the port and the health path (saved in dockhand.yaml)"));
        edit.setOnAction(e -> editServing(report));
        summary.add(edit, 2, servingRow, 1, 2); // beside the two values it changes
        GridPane.setValignment(edit, javafx.geometry.VPos.CENTER);

        boolean monorepo = !report.workspaces().isEmpty();
        workspaceRow.setVisible(monorepo);
        workspaceRow.setManaged(monorepo);
        if (monorepo) {
            workspaceChoice.getItems().setAll(report.workspaces());
            workspaceChoice.setValue(report.appDirectory().isEmpty() ? null : report.appDirectory());
        }
        // A clean project gets one line, not an empty list.
        boolean clean = report.findings().isEmpty();
        findingsSummary.setText(clean ? "\u2713  Ready for containers: nothing found that would break in a container or behind "
                + "a load balancer." : report.count("error") + " to fix, " + report.count("warning") + " to review, "
                + report.count("info") + " to note");
        findingsSummary.getStyleClass().removeAll("text-muted", "ready-line");
        findingsSummary.getStyleClass().add(clean ? "ready-line" : "text-muted");
        findingsSummary.setWrapText(clean);
        findingsList.setVisible(!clean);
        findingsList.setManaged(!clean);
        findingsList.getItems().setAll(report.findings());
    }

    /**
     * Puts the report or the busy overlay into the page the first time it is needed: the FXML makes them
     * outside the page so that the first window shows sooner. The overlay goes on top, the report just
     * above the welcome.
     */
    private void attach(Node part) {
        if (part.getParent() == null) {
            root.getChildren().add(part == busyOverlay ? root.getChildren().size() : 1, part);
        }
    }

    private int summaryRow(int row, String name, String value) {
        Label label = new Label(name);
        label.getStyleClass().add("summary-name");
        Label text = new Label(value);
        text.setWrapText(true);
        // A wrapped label in a grid keeps its one-line height unless told to take the height it needs.
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setTooltip(new javafx.scene.control.Tooltip(value));
        text.getStyleClass().add("summary-value");
        summary.add(label, 0, row);
        summary.add(text, 1, row);
        GridPane.setValignment(label, javafx.geometry.VPos.TOP); // beside a wrapped value, on its first line
        return row + 1;
    }

    private void editServing(AnalysisReport report) {
        var project = model.openProject();
        if (project == null) {
            return;
        }
        ServingDialog.ask(root.getScene().getWindow(), report.port(), report.healthPath(), project.detectedPort(),
                project.detectedHealthPath()).ifPresent(choice -> model.saveServing(choice.port(), choice.healthPath()));
    }

    /** "   · from dockhand.yaml" for a value the user chose; nothing for a detected one. */
    private static String source(String source) {
        return AnalysisReport.DETECTED.equals(source) ? "" : "   \u00b7   from " + source;
    }

    private static String orNone(String value) {
        return value == null ? "none found" : value;
    }

    /** A finding: severity badge, where (a link that opens the file at the line), what and the fix. */
    private final class FindingCell extends ListCell<ReadinessFinding> {
        @Override
        protected void updateItem(ReadinessFinding finding, boolean empty) {
            super.updateItem(finding, empty);
            if (empty || finding == null) {
                setGraphic(null);
                return;
            }
            Label badge = new Label(switch (finding.severity()) {
                case "error" -> "Fix";
                case "warning" -> "Review";
                default -> "Note";
            });
            badge.getStyleClass().addAll("badge", "badge-" + finding.severity());
            badge.setMinWidth(68);
            badge.setPrefWidth(68);
            Label message = wrapped(finding.message(), "finding-message");
            Label id = new Label(finding.id());
            id.getStyleClass().add("finding-where");
            HBox where = new HBox(6, id);
            where.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            if (finding.file() != null) {
                Hyperlink open = new Hyperlink(finding.location());
                open.getStyleClass().add("finding-link");
                open.setTooltip(new javafx.scene.control.Tooltip("Open " + finding.location() + " in your editor (Enter)"));
                // Clicking the link selects the row too, so Enter opens the same file afterwards.
                open.setOnAction(e -> {
                    getListView().getSelectionModel().select(finding);
                    model.openFinding(finding);
                });
                open.setFocusTraversable(false); // Tab leaves the list; Enter opens the selected row
                where.getChildren().addAll(new Label("\u00b7"), open);
            }
            Label fix = wrapped("Fix: " + finding.fix(), "finding-fix");
            VBox text = new VBox(2, message, where, fix);
            HBox row = new HBox(10, badge, text);
            setGraphic(row);
            setPrefWidth(0); // let the cell follow the list's width, so long text wraps
        }

        private Label wrapped(String value, String styleClass) {
            Label label = new Label(value);
            label.setWrapText(true);
            label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            label.getStyleClass().add(styleClass);
            label.maxWidthProperty().bind(getListView().widthProperty().subtract(120));
            label.prefWidthProperty().bind(label.maxWidthProperty());
            return label;
        }
    }
}
