package dev.dockhand.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * GUI tests need an X display (CI gives them Xvfb). Set by {@code -Ddockhand.gui.tests}: "required" fails
 * them without one, "auto" (default) skips them.
 */
public final class Display {

    private Display() {
    }

    public static void require() {
        String display = System.getenv("DISPLAY");
        boolean available = display != null && !display.isBlank();
        if (!available && "required".equals(System.getProperty("dockhand.gui.tests"))) {
            throw new AssertionError("GUI tests are required but there is no display: run them under xvfb-run.");
        }
        Assumptions.assumeTrue(available, "no display (run under xvfb-run)");
    }
}
