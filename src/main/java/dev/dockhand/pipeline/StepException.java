package dev.dockhand.pipeline;

/**
 * A step could not run or did not succeed; the message names the problem and the next step.
 * {@link #badInput()} tells the user's input apart from a failure of the step itself (exit code 2 vs 1).
 */
public class StepException extends Exception {

    private final boolean badInput;

    public StepException(String message) {
        this(message, null, true);
    }

    public StepException(String message, Throwable cause) {
        this(message, cause, true);
    }

    public StepException(String message, Throwable cause, boolean badInput) {
        super(message, cause);
        this.badInput = badInput;
    }

    /** A step that failed while running (build error, engine down), not because of what was asked. */
    public static StepException failed(String message, Throwable cause) {
        return new StepException(message, cause, false);
    }

    public boolean badInput() {
        return badInput;
    }
}
