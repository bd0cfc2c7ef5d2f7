package dev.dockhand.local;

import dev.dockhand.docker.Containers;
import dev.dockhand.monitor.LogLine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log tail of a rehearsal's replicas, as the monitoring window follows an ECS service's log group: each call
 * returns the lines written since the one before (for a replica first seen: its last lines), each with the task
 * that wrote it.
 * The replicas are found by their labels, so a replacement's lines appear from its first one.
 */
public final class RehearsalLogs {

    /** A replica's lines shown when it is first seen: its tail. */
    static final int FIRST_LINES = 100;
    /** At most this many lines per call, the newest: a chatty replica must not flood the window. */
    static final int MAX_LINES = 500;

    private final Containers containers;
    private final String rehearsal;
    /** Per container, the time of the last line returned. */
    private final Map<String, Instant> lastSeen = new HashMap<>();

    public RehearsalLogs(Containers containers, String rehearsal) {
        this.containers = containers;
        this.rehearsal = rehearsal;
    }

    /** The replicas' lines written since the last call, oldest first. Blocking: call off the UI thread. */
    public synchronized List<LogLine> newLines() throws InterruptedException {
        Map<String, String> tasks = containers.labelValues(Rehearsal.LABEL, rehearsal, Rehearsal.LABEL + ".task");
        List<LogLine> lines = new ArrayList<>();
        for (Map.Entry<String, String> task : tasks.entrySet()) {
            // A replica seen for the first time shows its recent lines however long ago it wrote them: one running
            // quietly since it started would otherwise show nothing at all.
            Instant seen = lastSeen.get(task.getKey());
            List<Containers.LogLine> written = seen == null ? containers.lastLines(task.getKey(), FIRST_LINES)
                    : containers.logAfter(task.getKey(), seen, MAX_LINES);
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
