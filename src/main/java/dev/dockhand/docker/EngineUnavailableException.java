package dev.dockhand.docker;

/** No Docker engine answers; the message names where Dockhand looked and what to do. */
public class EngineUnavailableException extends Exception {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
