package dev.dockhand.dockerfile;

/** No Dockerfile can be proposed; the message says why and what the user can do. */
public class GenerationException extends Exception {
    public GenerationException(String message) {
        super(message);
    }
}
