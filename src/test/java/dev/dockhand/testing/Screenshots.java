package dev.dockhand.testing;

import javafx.scene.Node;
import org.testfx.api.FxRobot;

import java.nio.file.Path;

/** Saves a picture of a window when {@code -Ddockhand.screenshots=DIR} is set, to look at each screen. */
public final class Screenshots {

    private Screenshots() {
    }

    public static void take(FxRobot robot, Node root, String name) {
        String folder = System.getProperty("dockhand.screenshots", "");
        if (folder.isBlank()) {
            return;
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        new org.testfx.service.support.impl.CaptureSupportImpl(robot.robotContext().getBaseRobot())
                .saveImage(robot.capture(root).getImage(), Path.of(folder, name + ".png"));
    }
}
