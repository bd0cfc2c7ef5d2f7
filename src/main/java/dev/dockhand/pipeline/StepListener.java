package dev.dockhand.pipeline;

/** Progress of a long step, reported as plain events; the UI turns them into bindings on the FX thread. */
public interface StepListener {

    /** How far the step is, 0 to 1, or a negative number when it cannot tell; and what it is doing. */
    default void progress(double fraction, String message) {
    }

    /** A fact the step learned, for the UI's summary, e.g. {@code ("context", "1.2 MB in 14 files")}. */
    default void detail(String name, String value) {
    }

    /** One line for the step's log view. */
    default void log(String line) {
    }

    StepListener NONE = new StepListener() {
    };
}
