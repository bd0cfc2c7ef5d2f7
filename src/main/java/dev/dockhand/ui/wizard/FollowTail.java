package dev.dockhand.ui.wizard;

import javafx.collections.ListChangeListener;
import javafx.scene.control.ListView;

/** Keeps a log view scrolled to its newest line as lines arrive. */
final class FollowTail {

    private FollowTail() {
    }

    static <T> void attach(ListView<T> list) {
        list.getItems().addListener((ListChangeListener<T>) change -> {
            // After layout, so the newest line is really in view.
            javafx.application.Platform.runLater(() -> {
                if (!list.getItems().isEmpty()) {
                    list.scrollTo(list.getItems().size() - 1);
                }
            });
        });
    }
}
