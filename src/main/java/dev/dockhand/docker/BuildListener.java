package dev.dockhand.docker;

/** What a build reports while it runs; called on the build's own thread. */
public interface BuildListener {

    /** The context is packed: this many bytes and files will be sent. */
    default void contextPacked(long bytes, int files) {
    }

    /** The builder started step {@code number} of {@code total}. */
    default void step(int number, int total, String instruction) {
    }

    /** One line of the build log. */
    default void log(String line) {
    }
}
