package dev.dockhand.pipeline;

import dev.dockhand.monitor.ServiceEvent;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a local deploy stops waiting and says why, instead of printing "0 of 1 replicas healthy" for minutes. */
class RehearsalFailureTest {

    private static final Instant SINCE = Instant.parse("2026-12-02T10:00:00Z");

    private static TaskInfo task(String id, String status, String health, int stoppedAfter, String reason) {
        return new TaskInfo(id, status, status, health, "local", "127.0.0.1", SINCE.plusSeconds(1),
                stoppedAfter < 0 ? null : SINCE.plusSeconds(stoppedAfter), reason);
    }

    private static ServiceSnapshot snapshot(List<TaskInfo> tasks, List<ServiceEvent> events) {
        return new ServiceSnapshot(SINCE.plusSeconds(300), "app", "ACTIVE", 1, 0, 1, List.of(), tasks, List.of(), events, List.of(),
                List.of(), List.of(), "http://127.0.0.1:1", null, List.of(), List.of());
    }

    @Test
    void aStartingServiceIsWaitedFor() {
        assertThat(LocalSteps.failure(snapshot(List.of(task("a", "RUNNING", "UNKNOWN", -1, null)), List.of()), SINCE, "app:2")).isNull();
    }

    @Test
    void aTaskThatFailedItsHealthChecksAfterTheGraceEndsTheWaitWithItsReason() {
        String failure = LocalSteps.failure(snapshot(List.of(task("a", "STOPPED", "UNHEALTHY", 125,
                "Task failed ELB health checks (/health)"), task("b", "RUNNING", "UNKNOWN", -1, null)), List.of()), SINCE, "app:2");
        assertThat(failure).isEqualTo("A task stopped before one became healthy: Task failed ELB health checks (/health).");
    }

    @Test
    void aCrashLoopEndsTheWaitAfterThreeStoppedTasks() {
        TaskInfo crashed = task("a", "STOPPED", "UNKNOWN", 5, "Essential container in task exited (exit code 1)");
        assertThat(LocalSteps.failure(snapshot(List.of(crashed, task("b", "STOPPED", "UNKNOWN", 9, crashed.stoppedReason())),
                List.of()), SINCE, "app:2")).isNull();
        assertThat(LocalSteps.failure(snapshot(List.of(crashed, task("b", "STOPPED", "UNKNOWN", 9, crashed.stoppedReason()),
                task("c", "STOPPED", "UNKNOWN", 14, crashed.stoppedReason())), List.of()), SINCE, "app:2"))
                .isEqualTo("3 tasks stopped before one became healthy: Essential container in task exited (exit code 1).");
        // Tasks stopped before this deploy began are not counted.
        assertThat(LocalSteps.failure(snapshot(List.of(task("x", "STOPPED", "UNKNOWN", -60, "old"), task("y", "STOPPED", "UNKNOWN", -50,
                "old"), task("z", "STOPPED", "UNKNOWN", -40, "old")), List.of()), SINCE, "app:2")).isNull();
    }

    @Test
    void aStoppedRollingUpdateSaysTheOldReplicasKeepServing() {
        String failure = LocalSteps.failure(snapshot(List.of(task("old", "RUNNING", "HEALTHY", -1, null),
                task("new", "STOPPED", "UNHEALTHY", 130, "Task failed ELB health checks (/health)")),
                List.of(new ServiceEvent(SINCE.plusSeconds(131), "(service app) deployment of app:2 stopped: a new task did not "
                        + "become healthy."))), SINCE, "app:2");
        assertThat(failure).startsWith("The new image app:2 did not become healthy, so the rolling update stopped: Task failed ELB "
                + "health checks (/health).").endsWith("The old replicas keep serving.");
    }

    @Test
    void replicasThatCannotBeStartedEndTheWaitWithTheEnginesReason() {
        ServiceEvent unplaced = new ServiceEvent(SINCE.plusSeconds(2), "(service app) was unable to place a task: The image app:9 "
                + "does not exist on this Docker engine: build it first.");
        assertThat(LocalSteps.failure(snapshot(List.of(), List.of(unplaced)), SINCE, "app:9"))
                .isEqualTo("No replica could be started: The image app:9 does not exist on this Docker engine: build it first.");
        // One replica of two could not be placed while the other starts: a passing fault, waited for ...
        assertThat(LocalSteps.failure(snapshot(List.of(task("a", "RUNNING", "UNKNOWN", -1, null)), List.of(unplaced)), SINCE,
                "app:9")).isNull();
        // ... unless it keeps failing.
        List<ServiceEvent> again = List.of(unplaced, new ServiceEvent(SINCE.plusSeconds(3), unplaced.message()),
                new ServiceEvent(SINCE.plusSeconds(4), "(service app) was unable to place a task: Cannot start a container of app:9: "
                        + "no space left on device"));
        assertThat(LocalSteps.failure(snapshot(List.of(task("a", "RUNNING", "UNKNOWN", -1, null)), again), SINCE, "app:9"))
                .isEqualTo("No replica could be started: Cannot start a container of app:9: no space left on device");
        // A placement failure before this deploy began is not counted.
        assertThat(LocalSteps.failure(snapshot(List.of(), List.of(new ServiceEvent(SINCE.minusSeconds(5), unplaced.message()))),
                SINCE, "app:9")).isNull();
    }
}
