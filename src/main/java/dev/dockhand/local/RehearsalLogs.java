package dev.dockhand.local;

import dev.dockhand.docker.Containers;
import dev.dockhand.monitor.LogLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log tail of a rehearsal's replicas, as the monitoring window follows an ECS service's log group: each call
 * returns the lines written since the one before (the first: the last minutes), each with the task that wrote it.
 * The replicas are found by their labels, so a replacement's lines appear from its first one.
 */
public final class RehearsalLogs {

    static final Duration FIRST_LOOKBACK = Duration.ofMinutes(5);
    /** At most this many lines per call, the newest: a chatty replica must not flood the window. */
    static final int MAX_LINES = 500;

    private final Containers containers;
    private final String rehearsal;
    private final Clock clock;
    /** Per container, the time of the last line returned. */
    private final Map<String, Instant> lastSeen = new HashMap<>();

    public RehearsalLogs(Containers containers, String rehearsal, Clock clock) {
        this.containers = containers;
        this.rehearsal = rehearsal;
        this.clock = clock;
    }

    /** The replicas' lines written since the last call, oldest first. Blocking: call off the UI thread. */
    public synchronized List<LogLine> newLines() throws InterruptedException {
        Map<String, String> tasks = containers.labelValues(Rehearsal.LABEL, rehearsal, Rehearsal.LABEL + ".task");
        Instant firstCall = clock.instant().minus(FIRST_LOOKBACK);
        List<LogLine> lines = new ArrayList<>();
        for (Map.Entry<String, String> task : tasks.entrySet()) {
            List<Containers.LogLine> written = containers.logAfter(task.getKey(),
                    lastSeen.getOrDefault(task.getKey(), firstCall), MAX_LINES);
            if (!written.isEmpty()) {
                lastSeen.put(task.getKey(), written.get(written.size() - 1).time());
            }
            for (Containers.LogLine line : written) {
                lines.add(new LogLine(line.time(), task.getValue(), line.text()));
            }
        }
        lastSeen.keySet().retainAll(tasks.keySet());
        lines.sort(Comparator.comparing(LogLine::time));
        return lines.size() > MAX_LINES ? List.copyOf(lines.subList(lines.size() - MAX_LINES, lines.size())) : lines;
    }
}
