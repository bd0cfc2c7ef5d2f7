package dev.dockhand.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains stopped tasks in plain words, and decides when a deployment has failed often enough to roll
 * back: a pure policy, the same for the Deploy step, {@code deploy --fail-fast} and the monitoring window.
 */
public final class TaskStops {

    /** The failed tasks after which a rollback is offered, at the least (as ECS's circuit breaker counts). */
    public static final int MIN_FAILED_TASKS = 3;
    private static final int MAX_FAILED_TASKS = 200;
    private static final Pattern CODES = Pattern.compile("codes: \\[([^\\]]*)]");

    private TaskStops() {
    }

    /**
     * How many tasks of a new deployment may fail before it counts as failed: half the desired count,
     * at least {@value #MIN_FAILED_TASKS} and at most 200, as ECS's deployment circuit breaker counts.
     */
    public static int failureThreshold(int desiredCount) {
        return Math.max(MIN_FAILED_TASKS, Math.min(MAX_FAILED_TASKS, (desiredCount + 1) / 2));
    }

    public static StopCause explain(TaskStop stop) {
        String reason = stop.stoppedReason() == null ? "" : stop.stoppedReason();
        String lower = reason.toLowerCase(Locale.ROOT);
        String containerReason = stop.containerReason() == null ? "" : stop.containerReason();
        List<String> evidence = new ArrayList<>();
        if (!reason.isBlank()) {
            evidence.add("ECS: " + reason);
        }
        if (lower.startsWith("cannotpullcontainererror")) {
            return pullFailure(lower, evidence);
        }
        if (lower.startsWith("resourceinitializationerror")) {
            if (lower.contains("secret") || lower.contains("asm") || lower.contains("ssm")) {
                return new StopCause(StopCause.Kind.SECRET_UNREADABLE, "A secret the task reads could not be read"
                        + (lower.contains("accessdenied") || lower.contains("not authorized")
                        ? ": the execution role may not read it (secretsmanager:GetSecretValue, or kms:Decrypt for its key)"
                        : lower.contains("resourcenotfound") || lower.contains("not found")
                        ? ": it does not exist (deleted, or in another region)"
                        : ": check that it exists and that the execution role may read it")
                        + ". The app never started.", evidence);
            }
            return new StopCause(StopCause.Kind.TASK_SETUP, "ECS could not set the task up (network, logs or secrets)"
                    + " before the app started: the reason below names the part.", evidence);
        }
        if (containerReason.contains("OutOfMemory")) {
            evidence.add("container: " + containerReason);
            addLogs(stop, evidence);
            return new StopCause(StopCause.Kind.OUT_OF_MEMORY, "The app ran out of memory"
                    + (stop.memoryMiB() > 0 ? " (the task has " + stop.memoryMiB() + " MiB)" : "")
                    + " and was killed: give the task more memory, or find what grows.", evidence);
        }
        if (lower.contains("failed elb health checks")) {
            return healthFailure(stop, evidence);
        }
        if (lower.contains("failed container health checks")) {
            addLogs(stop, evidence);
            return new StopCause(StopCause.Kind.CONTAINER_HEALTH_CHECK, "The container's own health check failed "
                    + "(HEALTHCHECK in the image or the task definition).", evidence);
        }
        if ("UserInitiated".equals(stop.stopCode()) || lower.contains("stopped from dockhand")) {
            return new StopCause(StopCause.Kind.STOPPED_BY_USER, "Stopped on request"
                    + (reason.isBlank() ? "" : ": " + reason), evidence);
        }
        if ("TerminationNotice".equals(stop.stopCode()) || "SpotInterruption".equals(stop.stopCode())) {
            return new StopCause(StopCause.Kind.MAINTENANCE, "AWS stopped the task to retire its host (maintenance) or "
                    + "reclaim Spot capacity; the service starts a replacement.", evidence);
        }
        if (lower.contains("scaling activity initiated by") || lower.contains("deployment")
                && "ServiceSchedulerInitiated".equals(stop.stopCode())) {
            return new StopCause(StopCause.Kind.REPLACED, "Stopped by the service: a deployment or a scale-in replaced it.",
                    evidence);
        }
        if (stop.exitCode() != null || "EssentialContainerExited".equals(stop.stopCode()) || lower.contains("essential container")) {
            return exited(stop, containerReason, evidence);
        }
        addLogs(stop, evidence);
        return new StopCause(StopCause.Kind.OTHER, reason.isBlank() ? "The task stopped without a reason from ECS."
                : "The task stopped: " + reason, evidence);
    }

    private static StopCause pullFailure(String lower, List<String> evidence) {
        if (lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("notfound")) {
            return new StopCause(StopCause.Kind.IMAGE_NOT_FOUND, "The image could not be pulled: its tag is not in the "
                    + "repository. Push it first (dockhand push), or check the ImageUri.", evidence);
        }
        if (lower.contains("accessdenied") || lower.contains("403") || lower.contains("not authorized")
                || lower.contains("denied")) {
            return new StopCause(StopCause.Kind.IMAGE_ACCESS_DENIED, "The image could not be pulled: the execution role "
                    + "may not read the repository (AmazonECSTaskExecutionRolePolicy, or the repository's policy).", evidence);
        }
        if (lower.contains("timeout") || lower.contains("dial tcp") || lower.contains("i/o")) {
            return new StopCause(StopCause.Kind.IMAGE_UNREACHABLE, "The image could not be pulled: the task could not reach "
                    + "ECR. Tasks in private subnets need a NAT gateway or VPC endpoints; in public subnets they need a "
                    + "public IP.", evidence);
        }
        return new StopCause(StopCause.Kind.IMAGE_PULL, "The image could not be pulled: see the reason below.", evidence);
    }

    private static StopCause healthFailure(TaskStop stop, List<String> evidence) {
        TaskStop.TargetVerdict verdict = stop.health();
        String code = verdict == null || verdict.reasonCode() == null ? "" : verdict.reasonCode();
        if (verdict != null) {
            evidence.add("load balancer: " + code + (verdict.description() == null ? "" : " (" + verdict.description() + ")"));
        }
        addLogs(stop, evidence);
        String summary = switch (code) {
            case "Target.ResponseCodeMismatch" -> {
                Matcher codes = CODES.matcher(verdict.description() == null ? "" : verdict.description());
                yield "The health path " + stop.healthPath() + " answered " + (codes.find() ? codes.group(1) : "a status")
                        + " instead of 200-399: check the health path in dockhand.yaml (healthPath), or add that route to the app.";
            }
            case "Target.Timeout" -> "Nothing answered on port " + stop.port() + " within the health check's timeout: does the "
                    + "app listen on 0.0.0.0:" + stop.port() + " (not 127.0.0.1), and does " + stop.healthPath() + " answer quickly?";
            case "Target.FailedHealthChecks" -> "The health check could not connect to port " + stop.port() + ": the app "
                    + "listens on another port, or on 127.0.0.1 only.";
            default -> "The task failed the load balancer's health checks on " + stop.healthPath() + " (port " + stop.port() + ").";
        };
        return new StopCause(StopCause.Kind.HEALTH_CHECK, summary, evidence);
    }

    private static StopCause exited(TaskStop stop, String containerReason, List<String> evidence) {
        Integer code = stop.exitCode();
        if (code != null) {
            evidence.add("exit code " + code + (containerReason.isBlank() ? "" : " (" + containerReason + ")"));
        }
        addLogs(stop, evidence);
        String summary;
        if (code == null) {
            summary = "The app's container stopped before it reported an exit code.";
        } else if (code == 0) {
            summary = "The app exited with code 0: it ended as if its work were done. A service's start command must "
                    + "keep running (a server, not a script that starts one and returns).";
        } else if (code == 127 || code == 126) {
            summary = "The app exited with code " + code + ": its start command was not found or cannot run in the image.";
        } else if (code == 137) {
            summary = "The app was killed (exit code 137): it ran out of memory, or did not stop within its stop timeout.";
        } else {
            summary = "The app exited with code " + code + (stop.lastLogLines().isEmpty() ? "." : ": its last log lines say why.");
        }
        return new StopCause(StopCause.Kind.APP_EXITED, summary, evidence);
    }

    private static void addLogs(TaskStop stop, List<String> evidence) {
        if (!stop.lastLogLines().isEmpty()) {
            evidence.add("last log lines:");
            stop.lastLogLines().forEach(line -> evidence.add("  " + line));
        }
    }
}
