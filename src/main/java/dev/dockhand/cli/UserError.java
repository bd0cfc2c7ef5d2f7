package dev.dockhand.cli;

/** A failure the user can fix: printed as one line on stderr, without a stack trace. */
final class UserError extends RuntimeException {
    private final int exitCode;

    UserError(String message) {
        this(message, DockhandCommand.BAD_INPUT);
    }

    UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
