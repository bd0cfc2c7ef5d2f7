package dev.dockhand.ui.common;

import javafx.application.Platform;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Opens a web address in the user's browser with the system's own opener (xdg-open, open, the Windows
 * URL handler), off the FX thread; a problem is told on the FX thread. Only http and https addresses.
 */
public final class Browser {

    private Browser() {
    }

    public static void open(String url, Consumer<String> onProblem) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            onProblem.accept("Only a web address can be opened in the browser.");
            return;
        }
        Thread opener = new Thread(() -> {
            List<String> command = command(url);
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor() != 0) {
                    Platform.runLater(() -> onProblem.accept("The browser could not be opened (" + command.get(0) + " failed): "
                            + "copy the address instead."));
                }
            } catch (IOException e) {
                Platform.runLater(() -> onProblem.accept("No browser could be started (" + command.get(0) + " is missing): copy the "
                        + "address instead."));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dockhand-browser");
        opener.setDaemon(true);
        opener.start();
    }

    private static List<String> command(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        if (os.startsWith("mac")) {
            return List.of("open", url);
        }
        return List.of("xdg-open", url);
    }
}
