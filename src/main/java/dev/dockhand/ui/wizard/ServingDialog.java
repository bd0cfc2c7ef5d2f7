package dev.dockhand.ui.wizard;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.ui.common.FormLabels;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/**
 * Asks for the port the app listens on and the path that answers when it is healthy, before the Dockerfile
 * is written: the values the detection found are offered, and either can be put back.
 */
final class ServingDialog {

    /** What the user chose; a null health path keeps the detected one (or none). */
    record Choice(int port, String healthPath) {
    }

    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    private ServingDialog() {
    }

    /**
     * @param port           the port in use now
     * @param healthPath     the health path in use now, or null
     * @param detectedPort   what the analysis found
     * @param detectedHealth what the analysis found, or null
     */
    static Dialog<Choice> create(Window owner, int port, String healthPath, int detectedPort, String detectedHealth) {
        Dialog<Choice> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Port and health path");
        dialog.setHeaderText("How the app is reached and checked");
        TextField portField = new TextField(String.valueOf(port));
        portField.setId("servingPort");
        portField.setPrefColumnCount(6);
        TextField pathField = new TextField(healthPath == null ? "" : healthPath);
        pathField.setId("servingHealthPath");
        pathField.setPromptText(detectedHealth == null ? "none: the load balancer checks /" : "blank: the detected " + detectedHealth);
        Label portLabel = FormLabels.forField("_Port", portField);
        Label pathLabel = FormLabels.forField("_Health path", pathField);
        Label detected = new Label("Detected: port " + detectedPort + ", health path "
                + (detectedHealth == null ? "none found" : detectedHealth) + ".");
        detected.getStyleClass().add("text-muted");
        Hyperlink useDetected = new Hyperlink("Use the detected values");
        useDetected.setId("servingUseDetected");
        useDetected.setOnAction(e -> {
            portField.setText(String.valueOf(detectedPort));
            pathField.setText(detectedHealth == null ? "" : detectedHealth);
        });
        Label note = new Label("Saved in dockhand.yaml (port, healthPath), with a backup of the old file. The Dockerfile "
                + "Dockhand writes, the test, the rehearsal and the load balancer's health check all use them.");
        note.setWrapText(true);
        note.setMaxWidth(440);
        note.getStyleClass().add("text-muted");
        StringBinding problem = Bindings.createStringBinding(() -> problem(portField.getText(), pathField.getText()),
                portField.textProperty(), pathField.textProperty());
        Label problemLabel = new Label();
        problemLabel.setId("servingProblem");
        problemLabel.textProperty().bind(problem);
        problemLabel.setWrapText(true);
        problemLabel.setMaxWidth(440);
        problemLabel.getStyleClass().add("error-text");
        problemLabel.visibleProperty().bind(problem.isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, portLabel, portField);
        grid.addRow(1, pathLabel, pathField);
        grid.add(detected, 0, 2, 2, 1);
        grid.add(useDetected, 0, 3, 2, 1);
        grid.add(note, 0, 4, 2, 1);
        grid.add(problemLabel, 0, 5, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(SAVE, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(SAVE).disableProperty().bind(problem.isNotEmpty());
        dialog.setResultConverter(button -> button == SAVE
                ? new Choice(Integer.parseInt(portField.getText().strip()),
                pathField.getText().isBlank() ? null : pathField.getText().strip()) : null);
        return dialog;
    }

    static Optional<Choice> ask(Window owner, int port, String healthPath, int detectedPort, String detectedHealth) {
        return create(owner, port, healthPath, detectedPort, detectedHealth).showAndWait();
    }

    /**
     * Why the typed values cannot be saved, or "" when they can: the rules every target checks. A blank
     * health path is allowed: it keeps what was detected.
     */
    static String problem(String port, String healthPath) {
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            return "The port must be a number, e.g. 3000.";
        }
        return ServiceSettings.portProblem(number)
                .or(() -> healthPath.isBlank() ? Optional.empty() : ServiceSettings.healthPathProblem(healthPath.strip()))
                .orElse("");
    }
}
