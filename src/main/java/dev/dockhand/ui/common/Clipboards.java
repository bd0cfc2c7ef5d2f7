package dev.dockhand.ui.common;

import javafx.animation.PauseTransition;
import javafx.scene.control.Button;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.util.Duration;

/** Copying text from a Copy button, which then says "Copied" for a moment so the user knows it worked. */
public final class Clipboards {

    /** How long the button says "Copied" before it reads as before. */
    static final Duration CONFIRMATION = Duration.seconds(1.5);
    private static final String COPIED = "Copied \u2713";

    private Clipboards() {
    }

    /** Puts {@code text} on the system clipboard and has {@code button} say so; call on the FX thread. */
    public static void copy(Button button, String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        if (COPIED.equals(button.getText())) {
            return; // a second click while it says so: the label it goes back to is already kept
        }
        String label = button.getText();
        double width = button.getWidth();
        button.setMinWidth(Math.max(button.getMinWidth(), width)); // the row does not jump while the text is shorter
        button.setText(COPIED);
        PauseTransition back = new PauseTransition(CONFIRMATION);
        back.setOnFinished(e -> button.setText(label));
        back.play();
    }
}
