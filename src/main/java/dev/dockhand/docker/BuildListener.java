package dev.dockhand.docker;

/** What a build reports while it runs; called on the build's own thread. */
public interface BuildListener {

    /** The context is packed: this many bytes and files will be sent. */
    default void contextPacked(long bytes, int files) {
    }

    /** A file of the context is large ({@link BuildContext#LARGE_FILE_BYTES}); called before it is packed and sent. */
    default void largeFile(String path, long bytes) {
    }

    /** The builder started step {@code number} of {@code total}. */
    default void step(int number, int total, String instruction) {
    }

    /** One line of the build log. */
    default void log(String line) {
    }
}
