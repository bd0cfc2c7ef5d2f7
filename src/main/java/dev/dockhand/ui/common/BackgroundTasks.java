package dev.dockhand.ui.common;

import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place background work runs: file, Docker and network work never touches the FX thread.
 * Results come back through the {@link Task}'s handlers, which JavaFX calls on the FX thread.
 */
public final class BackgroundTasks implements AutoCloseable {

    private final ExecutorService executor;

    public BackgroundTasks() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "dockhand-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newCachedThreadPool(threads);
    }

    /** The executor itself, for JavaFX services that schedule their own tasks. */
    public java.util.concurrent.Executor executor() {
        return executor;
    }

    public <T> Task<T> run(Task<T> task) {
        executor.execute(task);
        return task;
    }

    /**
     * Cancels what runs and waits a little for it to clean up (a test container is removed, a build is
     * stopped), so closing the window does not leave work behind.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
