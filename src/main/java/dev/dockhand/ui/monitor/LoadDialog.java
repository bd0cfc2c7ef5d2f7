package dev.dockhand.ui.monitor;

import dev.dockhand.local.LoadGenerator;
import dev.dockhand.ui.common.FormLabels;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Asks what load to send to a rehearsal: the path, for how long, from how many clients; within the generator's bounds. */
final class LoadDialog {

    /** What the user chose. */
    record Choice(String path, Duration duration, int clients) {
    }

    static final ButtonType GENERATE = new ButtonType("Generate load", ButtonBar.ButtonData.OK_DONE);

    private LoadDialog() {
    }

    static Dialog<Choice> create(Window owner, String lastPath) {
        Dialog<Choice> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Generate load");
        dialog.setHeaderText("Send requests to the rehearsal to watch it scale");
        TextField path = new TextField(lastPath);
        path.setId("loadPath");
        path.setPromptText("/");
        Spinner<Integer> seconds = new Spinner<>(10, (int) LoadGenerator.MAX_DURATION.toSeconds(), 180, 30);
        seconds.setId("loadSeconds");
        seconds.setEditable(true);
        Spinner<Integer> clients = new Spinner<>(1, LoadGenerator.MAX_CLIENTS, 8);
        clients.setId("loadClients");
        clients.setEditable(true);
        Label note = new Label(String.format(Locale.ROOT, "From this machine to the rehearsal's loopback balancer only; at most %d clients, "
                + "%d minutes and %,d requests. A path that makes the app work (not a static file) raises CPU fastest. "
                + "Scale-out needs 3 periods above the CPU target, scale-in 15 below it.", LoadGenerator.MAX_CLIENTS,
                LoadGenerator.MAX_DURATION.toMinutes(), LoadGenerator.MAX_REQUESTS));
        note.setWrapText(true);
        note.setMaxWidth(420);
        note.getStyleClass().add("text-muted");
        Label pathLabel = FormLabels.forField("_Path", path);
        Label secondsLabel = FormLabels.forField("_Seconds", seconds);
        Label clientsLabel = FormLabels.forField("_Clients", clients);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, pathLabel, path);
        grid.addRow(1, secondsLabel, seconds);
        grid.addRow(2, clientsLabel, clients);
        grid.add(note, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(GENERATE, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(GENERATE).disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !validPath(path.getText()), path.textProperty()));
        dialog.setResultConverter(button -> button == GENERATE
                ? new Choice(path.getText().strip(), Duration.ofSeconds(seconds.getValue()), clients.getValue()) : null);
        return dialog;
    }

    static Optional<Choice> ask(Window owner, String lastPath) {
        return create(owner, lastPath).showAndWait();
    }

    static boolean validPath(String path) {
        return path != null && path.strip().startsWith("/") && path.strip().chars().noneMatch(c -> c <= ' ');
    }
}
