package dev.dockhand.ui.monitor;

import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Opens a monitoring window on a service; it polls only while shown and not minimised. */
public final class MonitorWindow {

    private final MonitorModel model;
    private final MonitorController controller;
    private final Scene scene;

    public MonitorWindow(ServiceWatch watch, BackgroundTasks tasks) {
        model = new MonitorModel(watch, tasks);
        controller = new MonitorController(model);
        FXMLLoader loader = new FXMLLoader(MonitorWindow.class.getResource("/dev/dockhand/ui/monitor.fxml"));
        loader.setControllerFactory(type -> controller);
        try {
            Parent root = loader.load();
            scene = new Scene(root, 1200, 760);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the monitoring window", e);
        }
        scene.getStylesheets().add(MonitorWindow.class.getResource("/dev/dockhand/ui/dockhand.css").toExternalForm());
    }

    public void show(Stage stage) {
        stage.setTitle("Dockhand — " + model.title());
        stage.setScene(scene);
        // Polls only while this window's content is shown and not minimised (a stage can be reused).
        Runnable follow = () -> model.setActive(stage.getScene() == scene && stage.isShowing() && !stage.isIconified());
        stage.showingProperty().addListener((obs, old, showing) -> follow.run());
        stage.iconifiedProperty().addListener((obs, old, iconified) -> follow.run());
        stage.sceneProperty().addListener((obs, old, current) -> follow.run());
        // Closed by the user: stop polling for good and release the source's AWS or Docker connections.
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
            if (stage.getScene() == scene) {
                model.close();
            }
        });
        // Ctrl+W (Cmd+W) and Esc close the window as its close button does; accelerators run only for keys
        // a control did not use (Esc in an open spinner or menu stays theirs).
        Runnable close = () -> {
            if (stage.getScene() == scene) {
                model.close();
                stage.hide();
            }
        };
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.W,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), close);
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ESCAPE), close);
        stage.show();
        follow.run();
    }

    public MonitorModel model() {
        return model;
    }

    int cpuPoints() {
        return controller.cpuPoints();
    }
}
