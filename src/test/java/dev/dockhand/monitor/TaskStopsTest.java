package dev.dockhand.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopped tasks in plain words, from the reasons ECS and the load balancer really give. */
class TaskStopsTest {

    private static TaskStop stop(String code, String reason, Integer exit, String containerReason, TaskStop.TargetVerdict health,
                                 List<String> logs) {
        return new TaskStop(code, reason, exit, containerReason, health, 3000, "/health", 512, logs);
    }

    @Test
    void anAppThatExitsShowsItsCodeAndItsLastLogLines() {
        StopCause cause = TaskStops.explain(stop("EssentialContainerExited", "Essential container in task exited", 1, null, null,
                List.of("Error: DATABASE_URL is not set", "    at Object.<anonymous> (/app/server.js:4:9)")));

        assertThat(cause.kind()).isEqualTo(StopCause.Kind.APP_EXITED);
        assertThat(cause.failure()).isTrue();
        assertThat(cause.summary()).isEqualTo("The app exited with code 1: its last log lines say why.");
        assertThat(cause.evidence()).contains("exit code 1", "  Error: DATABASE_URL is not set");
    }

    @Test
    void exitCodesZeroAnd127AreExplained() {
        assertThat(TaskStops.explain(stop("EssentialContainerExited", "Essential container in task exited", 0, null, null, List.of()))
                .summary()).contains("must keep running");
        assertThat(TaskStops.explain(stop("EssentialContainerExited", "Essential container in task exited", 127, null, null, List.of()))
                .summary()).contains("start command was not found");
    }

    @Test
    void aMissingTagAndAMissingPermissionAreToldApart() {
        StopCause missing = TaskStops.explain(stop("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been "
                + "retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:9f8e7d6: "
                + "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:9f8e7d6: not found", null, null, null, List.of()));
        StopCause denied = TaskStops.explain(stop("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been "
                + "retried 7 time(s): failed to resolve ref ...: unexpected status from HEAD request: 403 Forbidden", null, null, null,
                List.of()));
        StopCause unreachable = TaskStops.explain(stop("TaskFailedToStart", "CannotPullContainerError: ref pull has been retried "
                + "1 time(s): failed to copy: httpReadSeeker: failed open: dial tcp 52.94.1.1:443: i/o timeout", null, null, null, List.of()));

        assertThat(missing.kind()).isEqualTo(StopCause.Kind.IMAGE_NOT_FOUND);
        assertThat(missing.summary()).contains("tag is not in the repository");
        assertThat(denied.kind()).isEqualTo(StopCause.Kind.IMAGE_ACCESS_DENIED);
        assertThat(unreachable.kind()).isEqualTo(StopCause.Kind.IMAGE_UNREACHABLE);
        assertThat(unreachable.summary()).contains("NAT gateway");
    }

    @Test
    void aSecretThatCannotBeReadIsNamedAsSuch() {
        StopCause cause = TaskStops.explain(stop("TaskFailedToStart", "ResourceInitializationError: unable to pull secrets or "
                + "registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been "
                + "retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/app-ExecutionRole/abc is "
                + "not authorized to perform: secretsmanager:GetSecretValue", null, null, null, List.of()));

        assertThat(cause.kind()).isEqualTo(StopCause.Kind.SECRET_UNREADABLE);
        assertThat(cause.summary()).contains("the execution role may not read it").contains("never started");
    }

    @Test
    void healthCheckFailuresSayWhatTheLoadBalancerSaw() {
        String reason = "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
                + "targetgroup/app/73e2d6bc24d8a067)";
        StopCause notFound = TaskStops.explain(stop("ServiceSchedulerInitiated", reason, 143, null,
                new TaskStop.TargetVerdict("Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]"), List.of()));
        StopCause timeout = TaskStops.explain(stop("ServiceSchedulerInitiated", reason, null, null,
                new TaskStop.TargetVerdict("Target.Timeout", "Request timed out"), List.of()));
        StopCause unknown = TaskStops.explain(stop("ServiceSchedulerInitiated", reason, null, null, null, List.of()));

        assertThat(notFound.kind()).isEqualTo(StopCause.Kind.HEALTH_CHECK);
        assertThat(notFound.summary()).startsWith("The health path /health answered 404 instead of 200-399");
        assertThat(timeout.summary()).isEqualTo("Nothing answered on port 3000 within the health check's timeout: does the app "
                + "listen on 0.0.0.0:3000 (not 127.0.0.1), and does /health answer quickly?");
        assertThat(unknown.summary()).contains("failed the load balancer's health checks");
    }

    @Test
    void outOfMemoryComesFromTheContainersReason() {
        StopCause cause = TaskStops.explain(stop("EssentialContainerExited", "Essential container in task exited", 137,
                "OutOfMemoryError: Container killed due to memory usage", null, List.of()));

        assertThat(cause.kind()).isEqualTo(StopCause.Kind.OUT_OF_MEMORY);
        assertThat(cause.summary()).contains("ran out of memory (the task has 512 MiB)");
    }

    @Test
    void stopsOnPurposeAreNoFailures() {
        assertThat(TaskStops.explain(stop("UserInitiated", "Stopped from Dockhand's monitoring window", 0, null, null, List.of()))
                .failure()).isFalse();
        assertThat(TaskStops.explain(stop("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1234)",
                0, null, null, List.of())).failure()).isFalse();
    }

    @Test
    void maintenanceIsNoFailureOfTheApp() {
        StopCause cause = TaskStops.explain(stop("TerminationNotice", "Task stopped due to host maintenance", 143, null, null,
                List.of()));
        assertThat(cause.kind()).isEqualTo(StopCause.Kind.MAINTENANCE);
        assertThat(cause.failure()).isFalse();
    }

    @Test
    void theFailureThresholdCountsAsTheCircuitBreakerDoes() {
        assertThat(TaskStops.failureThreshold(1)).isEqualTo(3);
        assertThat(TaskStops.failureThreshold(2)).isEqualTo(3);
        assertThat(TaskStops.failureThreshold(10)).isEqualTo(5);
        assertThat(TaskStops.failureThreshold(1000)).isEqualTo(200);
    }
}
