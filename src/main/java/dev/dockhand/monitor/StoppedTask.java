package dev.dockhand.monitor;

import java.time.Instant;

/** A task that stopped, and why in plain words. */
public record StoppedTask(String taskId, Instant stoppedAt, StopCause cause) {
}
