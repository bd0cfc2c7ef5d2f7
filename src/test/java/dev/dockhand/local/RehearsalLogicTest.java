package dev.dockhand.local;

import dev.dockhand.docker.ContainerEngine;
import dev.dockhand.docker.Containers;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rehearsal's jobs without Docker: the health judgement, the count keeper and the rolling update as
 * pure pieces, and the whole rehearsal over an engine that starts no container but reports exits the way
 * Docker's event stream does.
 */
class RehearsalLogicTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final RehearsalSpec.HealthCheck FAST_CHECK = new RehearsalSpec.HealthCheck(Duration.ofMillis(200), Duration.ofMillis(150), 2, 2, dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER);

    private Rehearsal rehearsal;

    @AfterEach
    void close() {
        if (rehearsal != null) {
            rehearsal.close();
        }
    }

    // ---- the health judgement ----

    @Test
    void aTargetTurnsHealthyAfterTheThresholdAndUnhealthyOnlyAfterFailuresInARow() {
        TargetHealth health = new TargetHealth(2, 3, Duration.ofSeconds(60), T0);
        assertThat(health.record(true, T0)).isEqualTo(TargetHealth.Change.NONE);
        assertThat(health.record(true, T0)).isEqualTo(TargetHealth.Change.BECAME_HEALTHY);
        assertThat(health.state()).isEqualTo(TargetHealth.State.HEALTHY);
        assertThat(health.record(false, T0)).isEqualTo(TargetHealth.Change.NONE);
        assertThat(health.record(false, T0)).isEqualTo(TargetHealth.Change.NONE);
        assertThat(health.record(true, T0)).as("a pass ends the run of failures").isEqualTo(TargetHealth.Change.NONE);
        health.record(false, T0);
        health.record(false, T0);
        assertThat(health.record(false, T0)).isEqualTo(TargetHealth.Change.FAILED_CHECKS);
        assertThat(health.record(true, T0)).as("replaced: nothing changes it back").isEqualTo(TargetHealth.Change.NONE);
        assertThat(health.state()).isEqualTo(TargetHealth.State.UNHEALTHY);
    }

    @Test
    void aTargetThatNeverTurnsHealthyIsGivenUpOnlyAfterTheStartGrace() {
        TargetHealth health = new TargetHealth(2, 3, Duration.ofSeconds(60), T0);
        for (int i = 0; i < 20; i++) {
            assertThat(health.record(false, T0.plusSeconds(i * 3))).isEqualTo(TargetHealth.Change.NONE);
        }
        assertThat(health.record(false, T0.plusSeconds(61))).isEqualTo(TargetHealth.Change.NEVER_HEALTHY);
    }

    // ---- the count keeper ----

    private static Replica replica(String id, int startedSecond) {
        return new Replica(id, "c-" + id, 40000 + startedSecond, "app:1", T0.plusSeconds(startedSecond), FAST_CHECK, Duration.ofSeconds(60));
    }

    @Test
    void theReconcilerStartsWhatIsMissingCountingThoseStartingAndDrainsTheNewestFirst() {
        List<Replica> three = List.of(replica("a", 1), replica("b", 3), replica("c", 2));
        assertThat(Reconciler.plan(three, 0, 5).launch()).isEqualTo(2);
        assertThat(Reconciler.plan(three, 2, 5).launch()).as("two are starting already").isZero();
        Reconciler.Plan shrink = Reconciler.plan(three, 0, 1);
        assertThat(shrink.launch()).isZero();
        assertThat(shrink.drain()).extracting(r -> r.taskId).containsExactly("b", "c");
    }

    // ---- the rolling update ----

    private static final class FakeReplicas implements RollingUpdate.Replicas {
        final List<Replica> current = new CopyOnWriteArrayList<>();
        final List<String> log = new ArrayList<>();
        final List<Boolean> healthyInTurn = new ArrayList<>();
        int launched;

        @Override
        public List<Replica> current() {
            return current;
        }

        @Override
        public Replica launch() {
            Replica fresh = new Replica("new" + ++launched, "c", 1, "app:2", T0, FAST_CHECK, Duration.ofSeconds(60));
            current.add(fresh);
            log.add("launch " + fresh.taskId);
            return fresh;
        }

        @Override
        public boolean awaitHealthy(Replica replica, Duration timeout) {
            boolean healthy = healthyInTurn.remove(0);
            log.add((healthy ? "healthy " : "unhealthy ") + replica.taskId);
            return healthy;
        }

        @Override
        public CompletableFuture<Void> drainAndStop(Replica replica, String reason) {
            log.add("drain " + replica.taskId);
            replica.status = Replica.Status.STOPPED;
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aRollingUpdateStartsOneNewReplicaBeforeEachOldOneDrains() {
        FakeReplicas replicas = new FakeReplicas();
        replicas.current.addAll(List.of(replica("old1", 1), replica("old2", 2)));
        replicas.healthyInTurn.addAll(List.of(true, true));

        assertThat(RollingUpdate.run(replicas, "app:2", false, Duration.ofSeconds(60))).isEqualTo(RollingUpdate.Outcome.COMPLETED);
        assertThat(replicas.log).containsExactly("launch new1", "healthy new1", "drain old1", "launch new2", "healthy new2", "drain old2");
    }

    @Test
    void aNewReplicaThatDoesNotTurnHealthyStopsTheUpdateAndTheOldOnesKeepServing() {
        FakeReplicas replicas = new FakeReplicas();
        replicas.current.addAll(List.of(replica("old1", 1), replica("old2", 2)));
        replicas.healthyInTurn.add(false);

        assertThat(RollingUpdate.run(replicas, "app:2", false, Duration.ofSeconds(60))).isEqualTo(RollingUpdate.Outcome.STOPPED);
        assertThat(replicas.log).containsExactly("launch new1", "unhealthy new1");
        assertThat(replicas.current.get(0).serving()).isTrue();
        assertThat(replicas.current.get(1).serving()).isTrue();
    }

    @Test
    void onlyAChangedConfigurationRollsReplicasOfTheSameImage() {
        FakeReplicas replicas = new FakeReplicas();
        replicas.current.add(new Replica("same", "c", 1, "app:2", T0, FAST_CHECK, Duration.ofSeconds(60)));
        assertThat(RollingUpdate.run(replicas, "app:2", false, Duration.ofSeconds(60))).isEqualTo(RollingUpdate.Outcome.COMPLETED);
        assertThat(replicas.log).isEmpty();

        replicas.healthyInTurn.add(true);
        RollingUpdate.run(replicas, "app:2", true, Duration.ofSeconds(60));
        assertThat(replicas.log).containsExactly("launch new1", "healthy new1", "drain same");
    }

    // ---- the whole rehearsal over an engine of its own ----

    /** Starts nothing; exits happen when the test says, and reach the rehearsal as Docker's events do. */
    private static final class FakeEngine implements ContainerEngine {
        final Map<String, Boolean> running = new ConcurrentHashMap<>();
        final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final AtomicInteger inspections = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        /** Which container runs which task: replicas start side by side, so the n-th task is not the n-th container. */
        final Map<String, String> containerOfTask = new ConcurrentHashMap<>();
        volatile Consumer<Containers.Exit> onExit;
        volatile Consumer<Throwable> onBroken;

        @Override
        public Containers.Started start(Containers.Spec spec) {
            String id = "container-" + started.incrementAndGet();
            running.put(id, true);
            containerOfTask.put(spec.labels().get(Rehearsal.LABEL + ".task"), id);
            return new Containers.Started(id, 41000 + started.get(), "");
        }

        @Override
        public Containers.State state(String id) {
            inspections.incrementAndGet();
            return running.getOrDefault(id, false) ? new Containers.State(true, null, null, false)
                    : new Containers.State(false, exitCodes.get(id), null, false);
        }

        @Override
        public Containers.Usage usage(String id, double cpuLimit) {
            return new Containers.Usage(20, 10);
        }

        @Override
        public void stop(String id, int graceSeconds) {
            stopped.add(id + " after " + graceSeconds + " s");
            exit(id, 0, false); // an app that handles SIGTERM exits at once, with 0
        }

        @Override
        public void stopAndRemove(String id, int graceSeconds) {
            running.put(id, false);
            removed.add(id);
        }

        @Override
        public void kill(String id) {
            exit(id, 137, false);
        }

        @Override
        public List<String> labelled(String label, String value) {
            return running.entrySet().stream().filter(e -> !removed.contains(e.getKey())).map(Map.Entry::getKey).toList();
        }

        @Override
        public AutoCloseable exits(String label, String value, Consumer<Containers.Exit> onExit, Consumer<Throwable> onBroken) {
            subscriptions.incrementAndGet();
            this.onExit = onExit;
            this.onBroken = onBroken;
            return () -> this.onExit = null;
        }

        void exit(String id, int code, boolean oom) {
            exitCodes.put(id, code);
            running.put(id, false);
            Consumer<Containers.Exit> listener = onExit;
            if (listener != null) {
                listener.accept(new Containers.Exit(id, code, oom));
            }
        }
    }

    private FakeEngine startRehearsal(int desired) throws Exception {
        FakeEngine engine = new FakeEngine();
        RehearsalSpec spec = new RehearsalSpec("logic", "app:1", 3000, "/health", 256, 512, desired, 1, 4, 50, Duration.ofSeconds(60),
                Duration.ofSeconds(300), FAST_CHECK, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(30), 0);
        rehearsal = new Rehearsal(engine, (port, path, timeout) -> true, spec, Clock.systemUTC(), List.of());
        rehearsal.start();
        assertThat(rehearsal.awaitHealthy(Duration.ofSeconds(20))).isTrue();
        return engine;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private TaskInfo task(String id) {
        return rehearsal.snapshot().tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private String firstTask() {
        return rehearsal.snapshot().tasks().get(0).id();
    }

    private static String containerOf(FakeEngine engine, String taskId) {
        return engine.containerOfTask.get(taskId);
    }

    @Test
    void anExitHeardFromTheEventStreamStopsTheTaskWithItsCodeAndItIsReplacedWithoutInspectingAnyone() throws Exception {
        FakeEngine engine = startRehearsal(2);
        String victim = firstTask();

        engine.exit(containerOf(engine, victim), 1, false);

        waitFor(() -> "STOPPED".equals(task(victim).status()));
        assertThat(task(victim).stoppedReason()).isEqualTo("Essential container in task exited (exit code 1)");
        waitFor(() -> engine.started.get() == 3);
        assertThat(rehearsal.awaitHealthy(Duration.ofSeconds(20))).isTrue();
        assertThat(engine.inspections).as("no container was inspected while the event stream was up").hasValue(0);
    }

    @Test
    void anOutOfMemoryExitSaysSo() throws Exception {
        FakeEngine engine = startRehearsal(1);
        String victim = firstTask();

        engine.exit(containerOf(engine, victim), 137, true);

        waitFor(() -> "STOPPED".equals(task(victim).status()));
        assertThat(task(victim).stoppedReason()).isEqualTo("Essential container in task exited (exit code 137): OutOfMemoryError");
    }

    @Test
    void stoppingATaskDrainsItSendsSigtermWithTheStopTimeoutAndReportsTheAppsOwnExit() throws Exception {
        FakeEngine engine = startRehearsal(2);
        String victim = firstTask();

        assertThat(rehearsal.stopTask(victim)).isTrue();

        waitFor(() -> "STOPPED".equals(task(victim).status()));
        assertThat(engine.stopped).containsExactly(containerOf(engine, victim) + " after " + Rehearsal.STOP_TIMEOUT_SECONDS + " s");
        assertThat(task(victim).stoppedReason()).isEqualTo("Stopped from Dockhand's monitoring window (exit code 0)");
        assertThat(task(victim).desiredStatus()).isEqualTo("STOPPED");
        assertThat(rehearsal.stopTask(victim)).as("a stopped task cannot be stopped again").isFalse();
        waitFor(() -> engine.started.get() == 3);
        ServiceSnapshot snapshot = rehearsal.snapshot();
        assertThat(snapshot.events()).anyMatch(e -> e.message().contains("has begun draining connections on 1 tasks: (task " + victim));
    }

    @Test
    void whileTheEventStreamIsDownExitsAreFoundByInspectionAndTheStreamIsJoinedAgain() throws Exception {
        FakeEngine engine = startRehearsal(1);
        String victim = firstTask();
        engine.onBroken.accept(new java.io.IOException("the engine restarted"));
        engine.onExit = null; // the exit below is not heard as an event

        engine.exit(containerOf(engine, victim), 2, false);

        waitFor(() -> "STOPPED".equals(task(victim).status()));
        assertThat(task(victim).stoppedReason()).isEqualTo("Essential container in task exited (exit code 2)");
        assertThat(engine.inspections.get()).isPositive();
        waitFor(() -> engine.subscriptions.get() == 2);
    }
}
