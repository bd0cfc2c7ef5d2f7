package dev.dockhand.ui.wizard;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** An error label that takes no space until there is an error to show. */
final class ErrorLabels {

    private ErrorLabels() {
    }

    /** Shows {@code error} now (a page made late may find one already) and whenever it changes. */
    static void follow(Label label, ObservableStringValue error) {
        show(label, error.get());
        error.addListener((obs, old, text) -> show(label, text));
    }

    private static void show(Label label, String text) {
        boolean show = text != null && !text.isBlank();
        label.setText(text);
        label.setVisible(show);
        label.setManaged(show);
    }
}
