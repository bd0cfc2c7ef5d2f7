package dev.dockhand.ui.wizard;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.MapChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;
import java.util.function.Function;

/** The wizard window's frame: the step sidebar, the current page and the Back/Next buttons. */
public final class WizardController {

    private final WizardModel model;
    private final Function<WizardStep, Node> pages;
    private final Runnable openFolder;
    private final javafx.collections.ObservableList<java.nio.file.Path> recent;
    private final Consumer<java.nio.file.Path> openRecent;
    private final Runnable monitorService;
    private final Consumer<Boolean> setDarkTheme;
    private final String version;

    @FXML private ListView<WizardStep> steps;
    @FXML private StackPane pageHolder;
    @FXML private Button backButton;
    @FXML private Button nextButton;
    @FXML private Label projectName;
    @FXML private Label stepHint;
    @FXML private CheckMenuItem darkTheme;
    @FXML private javafx.scene.control.Menu recentMenu;

    /** {@code pages} gives each step's page; it may make the page on first use. */
    public WizardController(WizardModel model, Function<WizardStep, Node> pages, Runnable openFolder,
                            javafx.collections.ObservableList<java.nio.file.Path> recent, Consumer<java.nio.file.Path> openRecent,
                            Runnable monitorService, Consumer<Boolean> setDarkTheme, String version) {
        this.model = model;
        this.pages = pages;
        this.openFolder = openFolder;
        this.recent = recent;
        this.openRecent = openRecent;
        this.monitorService = monitorService;
        this.setDarkTheme = setDarkTheme;
        this.version = version;
    }

    @FXML
    private void initialize() {
        steps.getItems().setAll(WizardStep.values());
        steps.setCellFactory(list -> new StepCell());
        steps.getSelectionModel().selectedItemProperty().addListener((obs, old, step) -> {
            if (step == null || step == model.currentProperty().get()) {
                return;
            }
            if (model.canEnter(step)) {
                model.currentProperty().set(step);
            } else {
                // Not enterable yet: keep the selection on the current step.
                Platform.runLater(() -> steps.getSelectionModel().select(model.currentProperty().get()));
            }
        });
        model.states().addListener((MapChangeListener<WizardStep, StepState>) change -> {
            steps.refresh();
            updateButtons();
        });
        // The page's own button that finished the step (Save, Use This Configuration, Build, Test) may be disabled
        // now, and focus would fall to Back: the next Enter goes on instead. Not while the user is typing.
        model.completedProperty().addListener((obs, old, step) -> {
            if (step != null && step == model.currentProperty().get()) {
                Platform.runLater(() -> {
                    var owner = nextButton.getScene() == null ? null : nextButton.getScene().getFocusOwner();
                    boolean typing = owner instanceof javafx.scene.control.TextInputControl
                            || owner instanceof javafx.scene.control.ComboBoxBase<?> box && box.isEditable()
                            || owner instanceof javafx.scene.control.Spinner<?> spinner && spinner.isEditable();
                    if (!nextButton.isDisabled() && !typing) {
                        nextButton.requestFocus();
                    }
                });
            }
        });
        model.currentProperty().addListener((obs, old, step) -> show(step));
        model.localTargetProperty().addListener((obs, old, local) -> steps.refresh());
        model.projectProperty().addListener((obs, old, project) -> {
            projectName.setText(project == null ? "" : project.folder().getFileName().toString());
            updateButtons();
        });
        darkTheme.selectedProperty().addListener((obs, old, dark) -> setDarkTheme.accept(dark));
        // Alt+Right and Alt+Left move between steps from anywhere in the window, as Next and Back do.
        steps.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.RIGHT,
                        javafx.scene.input.KeyCombination.ALT_DOWN), () -> {
                    if (!nextButton.isDisabled()) {
                        next();
                    }
                });
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.LEFT,
                        javafx.scene.input.KeyCombination.ALT_DOWN), () -> {
                    if (!backButton.isDisabled()) {
                        back();
                    }
                });
            }
        });
        nextButton.setTooltip(new Tooltip("Next step (Alt+Right)"));
        recent.addListener((javafx.collections.ListChangeListener<java.nio.file.Path>) change -> fillRecentMenu());
        fillRecentMenu();
        backButton.setTooltip(new Tooltip("Previous step (Alt+Left)"));
        show(model.currentProperty().get());
    }

    private void show(WizardStep step) {
        Node page = pages.apply(step);
        pageHolder.getChildren().setAll(page);
        steps.getSelectionModel().select(step);
        updateButtons();
    }

    private void updateButtons() {
        backButton.setDisable(!model.canGoBack());
        nextButton.setDisable(!model.canGoNext());
        WizardStep current = model.currentProperty().get();
        WizardStep next = current.next();
        if (next == current) {
            stepHint.setText("");
        } else if (!next.implemented()) {
            stepHint.setText(next.title() + " is not available in this version of Dockhand.");
        } else if (!model.canEnter(next)) {
            stepHint.setText(switch (current) {
                case PROJECT -> "Open a project folder to continue.";
                case DOCKERFILE -> "Save the Dockerfile, or use your own, to continue.";
                case CONFIGURATION -> "Use this configuration to continue.";
                case BUILD -> "Build the image to continue.";
                case TEST -> "The image must answer its health check to continue.";
                case TARGET -> "Choose where it runs and confirm it to continue.";
                case PUSH -> "Push the image to continue.";
                case DEPLOY -> "Deploy the service to continue.";
                default -> "";
            });
        } else if (current == WizardStep.PROJECT && openFixes() > 0) {
            long fixes = openFixes();
            stepHint.setText(fixes + (fixes == 1 ? " finding is" : " findings are") + " marked Fix: they will break in "
                    + "containers. Next goes on all the same.");
        } else {
            stepHint.setText("");
        }
    }

    /** Readiness findings of the open project marked Fix (errors). */
    private long openFixes() {
        var project = model.projectProperty().get();
        return project == null ? 0 : project.report().count("error");
    }

    @FXML
    private void back() {
        model.goBack();
    }

    @FXML
    private void next() {
        model.goNext();
    }

    @FXML
    private void openFolder() {
        model.currentProperty().set(WizardStep.PROJECT);
        openFolder.run();
    }

    @FXML
    private void monitorService() {
        monitorService.run();
    }

    @FXML
    private void quit() {
        // As the window's close button: the window may ask first (a rehearsal still running).
        javafx.stage.Window window = steps.getScene().getWindow();
        window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        if (!window.isShowing()) {
            Platform.exit();
        }
    }

    /** File > Open Recent: the recent projects, newest first, each named by its folder with the path beside it. */
    private void fillRecentMenu() {
        recentMenu.getItems().clear();
        for (java.nio.file.Path folder : recent) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(folder.getFileName() + "   \u2014   " + folder);
            item.setMnemonicParsing(false); // folder names may hold underscores
            item.setOnAction(e -> openRecent.accept(folder));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recent.isEmpty());
    }

    @FXML
    private void gettingStarted() {
        help("Getting started", HelpTexts.GETTING_STARTED);
    }

    @FXML
    private void whereAreTheLogs() {
        help("Where the logs are", HelpTexts.logs(dev.dockhand.pipeline.RecentProjects.defaultConfigDirectory()));
    }

    private void help(String title, String text) {
        Alert help = new Alert(Alert.AlertType.INFORMATION);
        help.initOwner(steps.getScene().getWindow());
        help.setTitle(title);
        help.setHeaderText(title);
        Label body = new Label(text);
        body.setWrapText(true);
        body.setId("helpText");
        body.setMaxWidth(560);
        body.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        help.getDialogPane().setContent(body);
        help.showAndWait();
    }

    @FXML
    private void about() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(steps.getScene().getWindow());
        about.setTitle("About Dockhand");
        about.setHeaderText("Dockhand " + version);
        about.setContentText("From a project folder to a scalable, load-balanced container service.");
        about.showAndWait();
    }

    /** A sidebar entry: number, title, subtitle and the step's state. */
    private final class StepCell extends ListCell<WizardStep> {
        @Override
        protected void updateItem(WizardStep step, boolean empty) {
            super.updateItem(step, empty);
            getStyleClass().removeAll("step-done", "step-ready", "step-locked", "step-unavailable");
            if (empty || step == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            StepState state = model.states().get(step);
            Label marker = new Label(state == StepState.DONE ? "\u2713" : String.valueOf(step.ordinal() + 1));
            marker.getStyleClass().add("step-marker");
            Label title = new Label(step.title());
            title.getStyleClass().add("step-title");
            Label subtitle = new Label(state == StepState.UNAVAILABLE ? "Not available yet"
                    : step.subtitle(model.localTargetProperty().get()));
            subtitle.getStyleClass().add("step-subtitle");
            HBox row = new HBox(10, marker, new VBox(1, title, subtitle));
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setGraphic(row);
            setText(null);
            getStyleClass().add("step-" + state.name().toLowerCase(java.util.Locale.ROOT));
            setTooltip(state == StepState.UNAVAILABLE
                    ? new Tooltip(step.title() + " is not part of this version of Dockhand.")
                    : step == WizardStep.PUSH && model.localTargetProperty().get()
                    ? new Tooltip("A local rehearsal runs the image you built on this machine's Docker engine: nothing is sent "
                    + "to a registry.") : null);
            setDisable(false);
        }
    }
}
