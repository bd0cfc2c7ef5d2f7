package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.OpenedProject;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;

/** The Test page: runs the built image, shows the health answer, the reason when it fails, and the log. */
public final class TestPageController {

    private final TestPageModel model;
    private final BuildPageModel build;
    private final WizardModel wizard;

    @FXML private Label intro;
    @FXML private Label imageLabel;
    @FXML private Label healthLabel;
    @FXML private Label answerLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private ListView<String> logList;
    @FXML private Button cancelButton;
    @FXML private Button testButton;

    public TestPageController(TestPageModel model, BuildPageModel build, WizardModel wizard) {
        this.model = model;
        this.build = build;
        this.wizard = wizard;
    }

    @FXML
    private void initialize() {
        intro.setText("Dockhand runs the image with the app's port published on 127.0.0.1 and calls the health path "
                + "as the load balancer will: healthy once it answers " + ImageSteps.HEALTH_MATCHER + " as many times in a row as "
                + "the health check's healthy threshold, one interval apart. It waits up to " + model.timeout().toSeconds()
                + " seconds for a first answer. The container is removed afterwards.");
        progressBar.progressProperty().bind(model.progressProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        cancelButton.disableProperty().bind(model.runningProperty().not());
        testButton.disableProperty().bind(model.runningProperty().or(build.builtProperty().isNull()));
        ErrorLabels.follow(errorLabel, model.errorProperty());
        logList.setItems(model.log());
        logList.setPlaceholder(new Label("What the container prints appears here."));
        FollowTail.attach(logList);
        // The page is made when first shown, after the project was opened and maybe built: show that now.
        build.builtProperty().addListener((obs, old, built) -> showImage(built));
        showImage(build.builtProperty().get());
        wizard.projectProperty().addListener((obs, old, project) -> showHealthCheck(project));
        showHealthCheck(wizard.projectProperty().get());
        model.resultProperty().addListener((obs, old, result) -> answerLabel.setText(describe(result)));
        answerLabel.setText(describe(model.resultProperty().get()));
        // A long image name or answer is cut with "…" in a narrow window: the whole text is its tooltip.
        for (Label label : java.util.List.of(imageLabel, healthLabel, answerLabel, statusLabel)) {
            javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
            whole.setWrapText(true);
            whole.setMaxWidth(600);
            whole.textProperty().bind(label.textProperty());
            label.tooltipProperty().bind(javafx.beans.binding.Bindings.when(label.textProperty().isEmpty())
                    .then((javafx.scene.control.Tooltip) null).otherwise(whole));
        }
    }

    private void showImage(ImageReports.Build built) {
        imageLabel.setText(built == null ? "build the image first" : built.image());
    }

    private void showHealthCheck(OpenedProject project) {
        healthLabel.setText(project == null ? ""
                : "GET " + (project.report().healthPath() == null ? "/" : project.report().healthPath())
                + " on the app's port (" + project.report().port() + " unless the image exposes another)");
    }

    private static String describe(ImageReports.Test result) {
        if (result == null) {
            return "";
        }
        if (result.statusCode() == null) {
            return result.exitCode() != null ? "exited with code " + result.exitCode() : "no answer";
        }
        return result.statusCode() + (result.latencyMs() == null ? "" : " in " + result.latencyMs() + " ms");
    }

    @FXML
    private void test() {
        model.test();
    }

    @FXML
    private void cancel() {
        model.cancel();
    }
}
