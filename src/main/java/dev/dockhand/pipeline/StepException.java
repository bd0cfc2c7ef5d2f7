package dev.dockhand.pipeline;

/** A step could not run because of its input; the message names the problem and the next step. */
public class StepException extends Exception {
    public StepException(String message) {
        super(message);
    }

    public StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
