package dev.dockhand.docker;

/** The push failed; the message says why (credentials, reachability, the registry's answer). */
public class PushFailedException extends Exception {

    private final boolean badInput;

    public PushFailedException(String message) {
        this(message, false);
    }

    public PushFailedException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** True when the request itself was wrong (a malformed target reference, a missing image). */
    public boolean badInput() {
        return badInput;
    }
}
