package dev.dockhand.cli;

import java.time.Duration;

/**
 * Ctrl-C during a long command interrupts the working thread, so the step cancels itself and cleans
 * up (a test container is removed, a build left untagged) before the process ends.
 */
final class Interruptible implements AutoCloseable {

    private static final Duration CLEAN_UP = Duration.ofSeconds(15);
    private final Thread hook;

    Interruptible() {
        Thread worker = Thread.currentThread();
        hook = new Thread(() -> {
            worker.interrupt();
            try {
                worker.join(CLEAN_UP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dockhand-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }
}
