package dev.dockhand.project;

/**
 * The folder cannot be analysed. The message says what is wrong and what the user can do next;
 * it is meant to be shown as it is, on one line.
 */
public class AnalysisException extends Exception {
    public AnalysisException(String message) {
        super(message);
    }

    public AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}
