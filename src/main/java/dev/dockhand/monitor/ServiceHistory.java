package dev.dockhand.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a service source remembers between snapshots, bounded so a long watch does not grow without
 * limit: events and activities newest first, metric points for the last hours, stopped tasks for a while.
 * Thread-safe.
 */
public final class ServiceHistory {

    static final int MAX_EVENTS = 200;
    static final int MAX_ACTIVITIES = 100;
    static final Duration METRIC_WINDOW = Duration.ofHours(12);

    private final Deque<ServiceEvent> events = new ArrayDeque<>();
    private final Deque<ScalingActivity> activities = new ArrayDeque<>();
    private final Deque<MetricPoint> cpu = new ArrayDeque<>();
    private final Deque<MetricPoint> memory = new ArrayDeque<>();

    public synchronized void event(Instant time, String message) {
        events.addFirst(new ServiceEvent(time, message));
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    public synchronized void activity(ScalingActivity activity) {
        activities.addFirst(activity);
        while (activities.size() > MAX_ACTIVITIES) {
            activities.removeLast();
        }
    }

    /** Replaces the activities with a source's own list (newest first), as AWS keeps them. */
    public synchronized void replaceActivities(java.util.List<ScalingActivity> newestFirst) {
        activities.clear();
        newestFirst.stream().limit(MAX_ACTIVITIES).forEach(activities::addLast);
    }

    public synchronized void metrics(MetricPoint cpuPoint, MetricPoint memoryPoint) {
        cpu.addLast(cpuPoint);
        memory.addLast(memoryPoint);
        Instant oldest = cpuPoint.time().minus(METRIC_WINDOW);
        while (!cpu.isEmpty() && cpu.peekFirst().time().isBefore(oldest)) {
            cpu.removeFirst();
        }
        while (!memory.isEmpty() && memory.peekFirst().time().isBefore(oldest)) {
            memory.removeFirst();
        }
    }

    public synchronized List<ServiceEvent> events() {
        return new ArrayList<>(events);
    }

    public synchronized List<ScalingActivity> activities() {
        return new ArrayList<>(activities);
    }

    public synchronized List<MetricPoint> cpu() {
        return new ArrayList<>(cpu);
    }

    public synchronized List<MetricPoint> memory() {
        return new ArrayList<>(memory);
    }
}
