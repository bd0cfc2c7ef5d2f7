package dev.dockhand.docker;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a service of containers needs of the engine: start, measure, stop and remove containers, and hear of
 * their exits as they happen. {@link Containers} is the Docker one; tests of the rehearsal's logic use
 * their own.
 */
public interface ContainerEngine {

    Containers.Started start(Containers.Spec spec) throws IOException;

    /** The container's state, for when the event stream is down. */
    Containers.State state(String id);

    Containers.Usage usage(String id, double cpuLimit);

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; the container stays, with its exit code. */
    void stop(String id, int graceSeconds);

    /** Stops the container with a grace period (SIGTERM first), then removes it. */
    void stopAndRemove(String id, int graceSeconds);

    /** SIGKILL at once, as a crash. */
    void kill(String id);

    /** Ids of the containers (running or not) carrying {@code label=value}. */
    List<String> labelled(String label, String value);

    /**
     * Tells {@code onExit} of every exit of a container labelled {@code label=value} until the returned
     * handle is closed; {@code onBroken} when the stream ends or fails (the engine restarted, say).
     */
    AutoCloseable exits(String label, String value, Consumer<Containers.Exit> onExit, Consumer<Throwable> onBroken);
}
