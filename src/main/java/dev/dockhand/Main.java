package dev.dockhand;

import dev.dockhand.cli.DockhandCommand;

/**
 * Starts Dockhand: with no arguments the desktop app, with {@code monitor} the monitoring window on its
 * own, with another command that command, headless.
 *
 * <p>This class must not extend {@code javafx.application.Application}: with JavaFX on the class path
 * (a plain jar, or a jpackage app-image) the launcher would otherwise refuse to start.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.dockhand.ui.DockhandApp.launchApp(args);
            return;
        }
        if (args[0].equals("monitor")) {
            dev.dockhand.ui.DockhandApp.launchMonitor(args);
            return;
        }
        System.exit(DockhandCommand.execute(args));
    }
}
