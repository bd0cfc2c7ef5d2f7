package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.StepException;

/**
 * The wizard's connection to the Docker engine, made on first use (never at start-up, so the window
 * opens fast) and only from background threads.
 */
public final class DockerSession implements AutoCloseable {

    private ImageSteps steps;

    /** Connects if needed. Blocking: call from a background task. */
    public synchronized ImageSteps steps() throws StepException {
        if (steps == null) {
            steps = ImageSteps.connect();
        }
        return steps;
    }

    @Override
    public synchronized void close() {
        if (steps != null) {
            steps.close();
            steps = null;
        }
    }
}
