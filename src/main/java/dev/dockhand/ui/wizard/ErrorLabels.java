package dev.dockhand.ui.wizard;

import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;

/** An error label that takes no space until there is an error to show. */
final class ErrorLabels {

    private ErrorLabels() {
    }

    static void follow(Label label, StringProperty error) {
        error.addListener((obs, old, text) -> {
            boolean show = text != null && !text.isBlank();
            label.setText(text);
            label.setVisible(show);
            label.setManaged(show);
        });
    }
}
