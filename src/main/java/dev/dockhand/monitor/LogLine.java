package dev.dockhand.monitor;

import java.time.Instant;

/** One line of the service's log, with the stream (the task) it came from. */
public record LogLine(Instant time, String stream, String message) {
}
