package dev.dockhand.local;

import dev.dockhand.docker.ContainerEngine;
import dev.dockhand.docker.Containers;
import dev.dockhand.docker.HttpCodes;
import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ScalingActivity;
import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.ServiceHistory;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TargetInfo;
import dev.dockhand.monitor.TaskInfo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service shape of the AWS stack, on the local Docker engine: N replicas of the image behind a
 * local load balancer that sends traffic to healthy replicas only, health checks with the target
 * group's path and thresholds, draining before a replica is removed, replacement of replicas that exit
 * or fail their health checks, target tracking on average CPU with the same limits and cooldowns, and
 * rolling updates. It records service events and scaling activities as ECS and Application Auto
 * Scaling do, so the monitoring window shows it like the real thing.
 *
 * <p>The jobs are split as on AWS: {@link TargetHealth} judges each replica's checks, {@link Reconciler}
 * keeps the count, {@link TargetTracking} scales, {@link RollingUpdate} deploys. Exits come from the
 * engine's event stream (inspected only while it is down); every deadline is read off the injected clock.
 */
public final class Rehearsal implements AutoCloseable {

    /** Every container of a rehearsal carries this label with the rehearsal's name. */
    public static final String LABEL = "dev.dockhand.rehearsal";
    /**
     * SIGTERM, then SIGKILL this many seconds later, when a task is stopped. Shorter than ECS's 30 s
     * default so that a rehearsal ends quickly; an app that handles SIGTERM exits at once.
     */
    static final int STOP_TIMEOUT_SECONDS = 10;
    static final String USER_STOP_REASON = "Stopped from Dockhand's monitoring window";

    /** The event of a replica that could not be started, as ECS words it; a deploy waiting on the service reads it. */
    public static final String UNABLE_TO_PLACE = "was unable to place a task";
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration RESUBSCRIBE = Duration.ofSeconds(5);
    private static final Duration KEEP_STOPPED = Duration.ofMinutes(10);

    private final ContainerEngine engine;
    private final HealthProbe probe;
    private final LoadBalancer loadBalancer;
    private final Clock clock;
    private final ServiceHistory history = new ServiceHistory();
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger launching = new AtomicInteger();
    private final ScheduledExecutorService loop;
    private final ExecutorService workers;
    /** Touched only by the control loop. */
    private final TargetTracking scaling;
    private volatile RehearsalSpec spec;
    /** The app's configuration as NAME=value: in memory only, never in the spec or the state file. */
    private volatile List<String> environment;
    private volatile int desired;
    private volatile boolean rolling;
    private volatile boolean closed;
    private volatile AutoCloseable exitStream;
    /** While the event stream is down, the loop inspects the replicas instead (and tries to listen again). */
    private volatile boolean exitStreamDown = true;
    private Instant lastSubscribeAttempt = Instant.MIN;
    private Instant lastScaling;

    public Rehearsal(Containers containers, RehearsalSpec spec, Clock clock) {
        this(containers, spec, clock, List.of());
    }

    public Rehearsal(ContainerEngine engine, RehearsalSpec spec, Clock clock, List<String> environment) {
        this(engine, HealthProbe.http(HttpCodes.parse(spec.health().matcher())), spec, clock, environment);
    }

    Rehearsal(ContainerEngine engine, HealthProbe probe, RehearsalSpec spec, Clock clock, List<String> environment) {
        this.engine = engine;
        this.probe = probe;
        this.spec = spec;
        this.environment = List.copyOf(environment);
        this.clock = clock;
        this.desired = spec.desired();
        this.scaling = TargetTracking.of(spec);
        this.loadBalancer = new LoadBalancer(spec.loadBalancerPort());
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("dockhand-rehearsal-" + spec.name()));
        this.workers = Executors.newCachedThreadPool(daemon("dockhand-rehearsal-worker"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public void start() throws IOException {
        loadBalancer.start();
        lastScaling = clock.instant();
        listenForExits(); // before the first replica starts, so no exit goes unheard
        history.event(clock.instant(), "(service " + spec.name() + ") was created with " + desired + " desired tasks behind "
                + url() + ".");
        loop.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + loadBalancer.port();
    }

    public String name() {
        return spec.name();
    }

    /** Waits until {@code desired} replicas of the current image are healthy; false when time ran out. */
    public boolean awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (clock.instant().isBefore(deadline)) {
            if (healthyServing() >= desired && !rolling) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private long healthyServing() {
        return replicas.stream().filter(r -> r.serving() && r.health.state() == TargetHealth.State.HEALTHY
                && r.image.equals(spec.image())).count();
    }

    /** Replaces the replicas one by one with the new image, keeping at least the minimum healthy. */
    public CompletableFuture<Void> update(String image) {
        return update(image, environment);
    }

    /**
     * Replaces the replicas one by one with the new image and configuration, keeping at least the minimum
     * healthy. A changed configuration alone rolls every replica too, as a new task definition revision does.
     */
    public CompletableFuture<Void> update(String image, List<String> newEnvironment) {
        List<String> next = List.copyOf(newEnvironment);
        boolean configChanged = !next.equals(environment);
        return CompletableFuture.runAsync(() -> {
            rolling = true;
            try {
                spec = spec.withImage(image);
                environment = next;
                history.event(clock.instant(), "(service " + spec.name() + ") started a deployment of " + image
                        + (configChanged ? " with a changed configuration" : "") + ".");
                RollingUpdate.Outcome outcome = RollingUpdate.run(new RollingUpdate.Replicas() {
                    @Override
                    public List<Replica> current() {
                        return replicas;
                    }

                    @Override
                    public Replica launch() {
                        return Rehearsal.this.launch();
                    }

                    @Override
                    public boolean awaitHealthy(Replica replica, Duration timeout) {
                        return Rehearsal.this.awaitHealthy(replica, timeout);
                    }

                    @Override
                    public CompletableFuture<Void> drainAndStop(Replica replica, String reason) {
                        return Rehearsal.this.drainAndStop(replica, reason);
                    }
                }, image, configChanged, spec.startGrace());
                history.event(clock.instant(), "(service " + spec.name() + ") deployment of " + image
                        + (outcome == RollingUpdate.Outcome.COMPLETED ? " completed." : " stopped: a new task did not become healthy."));
            } finally {
                rolling = false;
            }
        }, workers);
    }

    /** Stops one task as a crash would (SIGKILL, no draining); the service replaces it. */
    public boolean kill(String taskId) {
        Replica r = servingTask(taskId);
        if (r == null) {
            return false;
        }
        engine.kill(r.containerId);
        return true;
    }

    /**
     * Stops one task as ECS's StopTask does: deregistered and drained first, then SIGTERM, and SIGKILL only
     * after the stop timeout. Its stopped reason carries the app's own exit code; the service replaces it.
     */
    public boolean stopTask(String taskId) {
        Replica r = servingTask(taskId);
        if (r == null || !beginStopping(r, Replica.Stopper.USER)) {
            return false;
        }
        loadBalancer.drain(r.taskId, spec.deregistrationDelay())
                .thenRunAsync(() -> engine.stop(r.containerId, STOP_TIMEOUT_SECONDS), workers);
        return true;
    }

    private Replica servingTask(String taskId) {
        return replicas.stream().filter(r -> r.taskId.equals(taskId) && r.serving()).findFirst().orElse(null);
    }

    /** Sets the desired count (clamped to min and max). */
    public void setDesired(int count) {
        desired = Math.max(spec.min(), Math.min(spec.max(), count));
        history.event(clock.instant(), "(service " + spec.name() + ") desired count set to " + desired + ".");
    }

    // ---- exits ----

    private void listenForExits() {
        lastSubscribeAttempt = clock.instant();
        try {
            exitStream = engine.exits(LABEL, spec.name(), this::exited, error -> exitStreamDown = true);
            exitStreamDown = false;
        } catch (RuntimeException e) {
            exitStreamDown = true;
        }
    }

    private void exited(Containers.Exit exit) {
        for (Replica r : replicas) {
            if (r.containerId.equals(exit.id())) {
                exited(r, exit.exitCode(), exit.outOfMemory());
                return;
            }
        }
    }

    /** A replica's container exited: a crash is replaced, a user's stop is reported with the app's exit. */
    private void exited(Replica r, Integer exitCode, boolean outOfMemory) {
        String code = exitCode == null ? "" : " (exit code " + exitCode + ")";
        switch (r.stopper) {
            case NONE -> {
                stopped(r, "Essential container in task exited" + code + (outOfMemory ? ": OutOfMemoryError" : ""));
                loadBalancer.drain(r.taskId, Duration.ZERO);
                workers.execute(() -> engine.stopAndRemove(r.containerId, 0));
            }
            case USER -> {
                stopped(r, USER_STOP_REASON + code);
                workers.execute(() -> engine.stopAndRemove(r.containerId, 0));
            }
            case SERVICE -> {
                // drainAndStop reports it once the container is removed
            }
        }
    }

    // ---- the control loop ----

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            history.event(clock.instant(), "(service " + spec.name() + ") could not check its tasks: " + e.getMessage());
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        if (exitStreamDown) {
            inspectExits();
            if (!now.isBefore(lastSubscribeAttempt.plus(RESUBSCRIBE))) {
                listenForExits();
            }
        }
        for (Replica r : replicas) {
            if (r.serving() && Duration.between(r.lastCheck, now).compareTo(spec.health().interval()) >= 0) {
                r.lastCheck = now;
                workers.execute(() -> check(r));
            }
        }
        replicas.removeIf(r -> r.stoppedAt != null && r.stoppedAt.isBefore(now.minus(KEEP_STOPPED)));
        if (Duration.between(lastScaling, now).compareTo(spec.scalingPeriod()) >= 0) {
            lastScaling = now;
            scale(now);
        }
        reconcile();
    }

    /** Without the event stream: asks the engine about every replica that could have exited on its own. */
    private void inspectExits() {
        for (Replica r : replicas) {
            if (r.status != Replica.Status.STOPPED && r.stopper != Replica.Stopper.SERVICE) {
                Containers.State state = engine.state(r.containerId);
                if (!state.running()) {
                    exited(r, state.exitCode(), state.oomKilled());
                }
            }
        }
    }

    private void check(Replica r) {
        boolean passed;
        try {
            passed = probe.passes(r.hostPort, spec.healthPath(), spec.health().timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!r.serving()) {
            return;
        }
        switch (r.health.record(passed, clock.instant())) {
            case BECAME_HEALTHY -> {
                loadBalancer.setHealthy(r.taskId, true);
                history.event(clock.instant(), "(service " + spec.name() + ") registered 1 targets: (task " + r.taskId + ").");
            }
            case FAILED_CHECKS, NEVER_HEALTHY -> {
                loadBalancer.setHealthy(r.taskId, false);
                drainAndStop(r, "Task failed ELB health checks (" + spec.healthPath() + ")");
            }
            case NONE -> { }
        }
    }

    /** Target tracking on average CPU, like an ECS service's policy: scale out fast, scale in carefully. */
    private void scale(Instant now) {
        List<Replica> serving = replicas.stream().filter(Replica::serving).toList();
        if (serving.isEmpty()) {
            return;
        }
        double limit = spec.cpuUnits() / 1024.0;
        List<CompletableFuture<Containers.Usage>> samples = new ArrayList<>();
        for (Replica r : serving) {
            samples.add(CompletableFuture.supplyAsync(() -> engine.usage(r.containerId, limit), workers));
        }
        double cpuSum = 0;
        double cpuMax = 0;
        double memorySum = 0;
        double memoryMax = 0;
        for (CompletableFuture<Containers.Usage> sample : samples) {
            Containers.Usage usage = sample.join();
            cpuSum += usage.cpuPercent();
            cpuMax = Math.max(cpuMax, usage.cpuPercent());
            memorySum += usage.memoryPercent();
            memoryMax = Math.max(memoryMax, usage.memoryPercent());
        }
        double cpu = cpuSum / serving.size();
        int running = serving.size();
        history.metrics(new MetricPoint(now, cpu, cpuMax, running), new MetricPoint(now, memorySum / serving.size(), memoryMax, running));
        TargetTracking.Decision decision = scaling.evaluate(now, cpu, running, desired);
        if (decision.action() != TargetTracking.Action.NONE) {
            scaleTo(now, decision.desired(), decision.cause());
        }
    }

    private void scaleTo(Instant now, int wanted, String cause) {
        int from = desired;
        desired = wanted;
        history.activity(new ScalingActivity(now, cause, "Setting desired count from " + from + " to " + wanted + ".", "Successful"));
        history.event(now, "(service " + spec.name() + ") desired count changed from " + from + " to " + wanted + " by target tracking.");
    }

    /** Starts or drains replicas until as many serve as desired; not while a rolling update owns them. */
    private void reconcile() {
        if (rolling || closed) {
            return;
        }
        Reconciler.Plan plan = Reconciler.plan(replicas.stream().filter(Replica::serving).toList(), launching.get(), desired);
        for (int i = 0; i < plan.launch(); i++) {
            launching.incrementAndGet();
            workers.execute(() -> {
                try {
                    launch();
                } finally {
                    launching.decrementAndGet();
                }
            });
        }
        plan.drain().forEach(r -> drainAndStop(r, "Scaling activity initiated by (service " + spec.name() + ")"));
    }

    // ---- one replica's life ----

    private Replica launch() {
        if (closed) {
            return null;
        }
        RehearsalSpec current = spec;
        String taskId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL, current.name());
        labels.put(LABEL + ".task", taskId);
        try {
            Containers.Started started = engine.start(new Containers.Spec(current.name() + "-" + taskId, current.image(), labels,
                    current.port(), current.cpuUnits(), current.memoryMiB(), environment));
            Replica replica = new Replica(taskId, started.id(), started.hostPort(), current.image(), clock.instant(), current.health(),
                    current.startGrace());
            loadBalancer.addTarget(taskId, new InetSocketAddress("127.0.0.1", started.hostPort()));
            replicas.add(replica);
            if (closed) {
                drainAndStop(replica, "The rehearsal was stopped");
                return null;
            }
            history.event(clock.instant(), "(service " + current.name() + ") has started 1 tasks: (task " + taskId + ").");
            return replica;
        } catch (IOException | RuntimeException e) {
            history.event(clock.instant(), "(service " + current.name() + ") " + UNABLE_TO_PLACE + ": " + e.getMessage());
            return null;
        }
    }

    private boolean awaitHealthy(Replica replica, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (clock.instant().isBefore(deadline) && !closed) {
            if (replica.health.state() == TargetHealth.State.HEALTHY) {
                return true;
            }
            if (!replica.serving()) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Marks the replica as leaving, once; false when something else already stops it. */
    private boolean beginStopping(Replica r, Replica.Stopper stopper) {
        synchronized (r) {
            if (!r.serving()) {
                return false;
            }
            r.stopper = stopper;
            r.status = Replica.Status.DEPROVISIONING;
        }
        history.event(clock.instant(), "(service " + spec.name() + ") has begun draining connections on 1 tasks: (task " + r.taskId + ").");
        return true;
    }

    /** Deregisters the replica, lets its requests finish (the deregistration delay at most), then stops it. */
    private CompletableFuture<Void> drainAndStop(Replica r, String reason) {
        if (!beginStopping(r, Replica.Stopper.SERVICE)) {
            return CompletableFuture.completedFuture(null);
        }
        return loadBalancer.drain(r.taskId, spec.deregistrationDelay())
                .thenRunAsync(() -> {
                    engine.stopAndRemove(r.containerId, STOP_TIMEOUT_SECONDS);
                    stopped(r, reason);
                }, workers);
    }

    private void stopped(Replica r, String reason) {
        synchronized (r) {
            if (r.status == Replica.Status.STOPPED) {
                return;
            }
            r.status = Replica.Status.STOPPED;
            if (r.stopper == Replica.Stopper.NONE) {
                r.stopper = Replica.Stopper.SERVICE; // exited by itself: it is not meant to run again
            }
            r.stoppedAt = clock.instant();
            r.stoppedReason = reason;
        }
        history.event(clock.instant(), "(service " + spec.name() + ") has stopped 1 running tasks: (task " + r.taskId + "). " + reason + ".");
    }

    // ---- what the monitoring window shows ----

    public ServiceSnapshot snapshot() {
        List<TaskInfo> tasks = new ArrayList<>();
        List<TargetInfo> targets = new ArrayList<>();
        int running = 0;
        Map<String, int[]> byImage = new LinkedHashMap<>();
        for (Replica r : replicas) {
            TargetHealth.State health = r.health.state();
            boolean stopped = r.status == Replica.Status.STOPPED;
            tasks.add(new TaskInfo(r.taskId, r.status.name(), r.desiredStatus(), stopped ? "UNKNOWN" : healthName(health), "local",
                    "127.0.0.1:" + r.hostPort, r.startedAt, r.stoppedAt, r.stoppedReason));
            if (r.status == Replica.Status.RUNNING) {
                running++;
                byImage.computeIfAbsent(r.image, k -> new int[1])[0]++;
            }
            if (!stopped) {
                String state = r.status == Replica.Status.DEPROVISIONING ? "draining" : switch (health) {
                    case HEALTHY -> "healthy";
                    case UNHEALTHY -> "unhealthy";
                    case INITIAL -> "initial";
                };
                targets.add(new TargetInfo("127.0.0.1:" + r.hostPort, r.hostPort, state, state.equals("initial")
                        ? "Target registration is in progress" : ""));
            }
        }
        List<DeploymentInfo> deployments = new ArrayList<>();
        String primary = spec.image();
        boolean settled = !rolling && byImage.getOrDefault(primary, new int[1])[0] == desired && byImage.size() <= 1;
        deployments.add(new DeploymentInfo("primary", "PRIMARY", settled ? "COMPLETED" : "IN_PROGRESS", desired,
                byImage.getOrDefault(primary, new int[1])[0], primary));
        byImage.forEach((image, count) -> {
            if (!image.equals(primary)) {
                deployments.add(new DeploymentInfo("active-" + image, "ACTIVE", "IN_PROGRESS", 0, count[0], image));
            }
        });
        return new ServiceSnapshot(clock.instant(), spec.name(), closed ? "DRAINING" : "ACTIVE", desired, running, launching.get(),
                deployments, tasks, history.activities(), history.events(), history.cpu(), history.memory(), targets, url(),
                new ScalingLimits(spec.min(), spec.max(), (double) spec.cpuTargetPercent(),
                        (int) spec.scaleOutCooldown().toSeconds(), (int) spec.scaleInCooldown().toSeconds(), (int) spec.scalingPeriod().toSeconds()), List.of(), variables());
    }

    /** ECS's names for a task's health. */
    private static String healthName(TargetHealth.State state) {
        return switch (state) {
            case HEALTHY -> "HEALTHY";
            case UNHEALTHY -> "UNHEALTHY";
            case INITIAL -> "UNKNOWN";
        };
    }

    /** The names of the variables the replicas get; secrets are not told apart here (no values are kept per kind). */
    private List<dev.dockhand.monitor.Variable> variables() {
        List<dev.dockhand.monitor.Variable> names = new ArrayList<>();
        names.add(new dev.dockhand.monitor.Variable("PORT", false));
        for (String entry : environment) {
            names.add(new dev.dockhand.monitor.Variable(entry.substring(0, Math.max(0, entry.indexOf('='))), false));
        }
        return names;
    }

    /** Drains and stops every replica, then the load balancer. */
    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS); // no check or scaling decision runs after this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A replica being started now must exist before it can be stopped.
        Instant launchDeadline = clock.instant().plusSeconds(60);
        while (launching.get() > 0 && clock.instant().isBefore(launchDeadline)) {
            pause(100);
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (Replica r : replicas) {
            if (r.status != Replica.Status.STOPPED) {
                stopping.add(drainAndStop(r, "The rehearsal was stopped"));
            }
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(spec.deregistrationDelay().toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // whatever is left is found by its label and removed by destroy
        }
        closeExitStream();
        // Sweep by label until nothing is left: removals started elsewhere may still be under way.
        Instant sweepDeadline = clock.instant().plusSeconds(30);
        List<String> left = engine.labelled(LABEL, spec.name());
        while (!left.isEmpty() && clock.instant().isBefore(sweepDeadline)) {
            left.forEach(id -> engine.stopAndRemove(id, 0));
            pause(200);
            left = engine.labelled(LABEL, spec.name());
        }
        loadBalancer.close();
        workers.shutdownNow();
    }

    private void closeExitStream() {
        AutoCloseable stream = exitStream;
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                // the stream is gone either way
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
