package dev.dockhand.monitor;

import java.util.List;

/**
 * Why a task stopped, in plain words, with the evidence that shows it (exit code, the platform's reason,
 * the health check's answer, the task's last log lines): what the Deploy step and the monitoring window
 * show for a stopped task. Made by {@link TaskStops#explain}.
 */
public record StopCause(Kind kind, String summary, List<String> evidence) {

    /** What kind of stop it was; {@link #failure()} tells a broken task from one stopped on purpose. */
    public enum Kind {
        APP_EXITED(true),
        OUT_OF_MEMORY(true),
        IMAGE_NOT_FOUND(true),
        IMAGE_ACCESS_DENIED(true),
        IMAGE_UNREACHABLE(true),
        IMAGE_PULL(true),
        SECRET_UNREADABLE(true),
        TASK_SETUP(true),
        HEALTH_CHECK(true),
        CONTAINER_HEALTH_CHECK(true),
        STOPPED_BY_USER(false),
        REPLACED(false),
        /** AWS retired the task's host (Fargate maintenance) or reclaimed Spot capacity: not the app's fault. */
        MAINTENANCE(false),
        OTHER(true);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }
    }

    public StopCause {
        evidence = List.copyOf(evidence);
    }

    /** True when the task broke (it should have kept running), false when it was stopped on purpose. */
    public boolean failure() {
        return kind.failure;
    }

    /** The summary and its evidence, one line each, as a terminal or a tooltip shows them. */
    public String describe() {
        StringBuilder text = new StringBuilder(summary);
        for (String line : evidence) {
            text.append("\n  ").append(line);
        }
        return text.toString();
    }
}
