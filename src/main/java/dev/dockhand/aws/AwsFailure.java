package dev.dockhand.aws;

/**
 * An AWS call failed; the message is in the user's words and names the next step (log in again, which
 * permission is missing, which region to set).
 */
public class AwsFailure extends Exception {

    private final boolean badInput;
    private final boolean throttled;

    public AwsFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    public AwsFailure(String message, Throwable cause, boolean badInput) {
        this(message, cause, badInput, false);
    }

    AwsFailure(String message, Throwable cause, boolean badInput, boolean throttled) {
        super(message, cause);
        this.badInput = badInput;
        this.throttled = throttled;
    }

    /** True when AWS refused because of the request rate: the caller should slow down. */
    public boolean throttled() {
        return throttled;
    }

    /** True when the user's input (profile, region, settings) is at fault rather than AWS or the network. */
    public boolean badInput() {
        return badInput;
    }
}
