package dev.dockhand.docker;

/** The image build failed; the message says at which step and why. */
public class BuildFailedException extends Exception {
    public BuildFailedException(String message) {
        super(message);
    }
}
