package dev.dockhand.docker;

/** What a push reports while it runs; called on the push's own thread. */
public interface PushListener {

    /** A layer's state ("Pushing", "Pushed", "Layer already exists") and bytes sent of its size (0 when unknown). */
    default void layer(String id, String status, long current, long total) {
    }

    /** A line for the log, e.g. a retry. */
    default void log(String line) {
    }
}
