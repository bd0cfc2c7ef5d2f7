package dev.dockhand.monitor;

import java.time.Instant;

/** One period of a utilisation metric (percent of the tasks' reserved CPU or memory), with the running tasks then. */
public record MetricPoint(Instant time, double average, double maximum, int runningTasks) {
}
