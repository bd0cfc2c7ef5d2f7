package dev.dockhand.ui.common;

import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Defers start-up work that the first window does not need until that window has been laid out and
 * handed to the renderer: on a machine with few cores, even background work started earlier (reading a
 * file with Jackson loads hundreds of classes) delays the first frame.
 */
public final class FirstFrame {

    private FirstFrame() {
    }

    /** Runs {@code action} on the FX thread once, after the first pulse of {@code scene}, which must be showing. */
    public static void then(Scene scene, Runnable action) {
        Runnable once = new Runnable() {
            @Override
            public void run() {
                // The scene's listener list is copy-on-write: removing itself while it is being called is safe.
                scene.removePostLayoutPulseListener(this);
                // Later, so the pulse finishes (its frame goes to the renderer) before the action runs.
                Platform.runLater(action);
            }
        };
        scene.addPostLayoutPulseListener(once);
    }
}
