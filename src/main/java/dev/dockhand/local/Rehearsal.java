package dev.dockhand.local;

import dev.dockhand.docker.Containers;
import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ScalingActivity;
import dev.dockhand.monitor.ServiceHistory;
import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TargetInfo;
import dev.dockhand.monitor.TaskInfo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 */
public final class Rehearsal implements AutoCloseable {

    /** Every container of a rehearsal carries this label with the rehearsal's name. */
    public static final String LABEL = "dev.dockhand.rehearsal";

    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration KEEP_STOPPED = Duration.ofMinutes(10);

    private final Containers containers;
    private final LoadBalancer loadBalancer;
    private final Clock clock;
    private final ServiceHistory history = new ServiceHistory();
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger launching = new AtomicInteger();
    private final ScheduledExecutorService loop;
    private final ExecutorService workers;
    // Plain HTTP/1.1, as an ALB's health check: Java's default offers `Upgrade: h2c`, which Next.js and
    // WebSocket apps answer as an upgrade instead of with the health route.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile RehearsalSpec spec;
    /** The app's configuration as NAME=value: in memory only, never in the spec or the state file. */
    private volatile List<String> environment;
    private volatile int desired;
    private volatile boolean rolling;
    private volatile boolean closed;
    private Instant lastScaling;
    /** Touched only by the control loop. */
    private final TargetTracking scaling;

    public Rehearsal(Containers containers, RehearsalSpec spec, Clock clock) {
        this(containers, spec, clock, List.of());
    }

    public Rehearsal(Containers containers, RehearsalSpec spec, Clock clock, List<String> environment) {
        this.containers = containers;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (healthyServing() >= desired && !rolling) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private long healthyServing() {
        return replicas.stream().filter(r -> r.serving() && r.health.equals("HEALTHY") && r.image.equals(spec.image())).count();
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
                for (Replica old : List.copyOf(replicas)) {
                    if (!old.serving() || old.image.equals(image) && !configChanged) {
                        continue;
                    }
                    Replica fresh = launch();
                    if (fresh == null || !awaitHealthy(fresh, spec.startGrace())) {
                        history.event(clock.instant(), "(service " + spec.name() + ") deployment of " + image
                                + " stopped: a new task did not become healthy.");
                        return;
                    }
                    drainAndStop(old, "Scaling activity initiated by (deployment " + image + ")").join();
                }
                history.event(clock.instant(), "(service " + spec.name() + ") deployment of " + image + " completed.");
            } finally {
                rolling = false;
            }
        }, workers);
    }

    /** Stops one task as a crash would; the service replaces it. */
    public boolean kill(String taskId) {
        for (Replica r : replicas) {
            if (r.taskId.equals(taskId) && r.serving()) {
                containers.kill(r.containerId);
                return true;
            }
        }
        return false;
    }

    /** Sets the desired count (clamped to min and max). */
    public void setDesired(int count) {
        desired = Math.max(spec.min(), Math.min(spec.max(), count));
        history.event(clock.instant(), "(service " + spec.name() + ") desired count set to " + desired + ".");
    }

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
        for (Replica r : replicas) {
            if (r.serving()) {
                Containers.State state = containers.state(r.containerId);
                if (!state.running()) {
                    String reason = "Essential container in task exited" + (state.exitCode() == null ? "" : " (exit code "
                            + state.exitCode() + ")") + (state.oomKilled() ? ": OutOfMemoryError" : "");
                    stopped(r, reason);
                    loadBalancer.drain(r.taskId, Duration.ZERO);
                    workers.execute(() -> containers.stopAndRemove(r.containerId, 0));
                    continue;
                }
                if (Duration.between(r.lastCheck, now).compareTo(spec.health().interval()) >= 0) {
                    r.lastCheck = now;
                    workers.execute(() -> check(r));
                }
            }
        }
        replicas.removeIf(r -> r.stoppedAt != null && r.stoppedAt.isBefore(now.minus(KEEP_STOPPED)));
        if (Duration.between(lastScaling, now).compareTo(spec.scalingPeriod()) >= 0) {
            lastScaling = now;
            scale(now);
        }
        reconcile();
    }

    private void check(Replica r) {
        boolean ok;
        try {
            // As the target group sends it: HTTP/1.1 GET with ELB-HealthChecker's User-Agent, its timeout and matcher.
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.hostPort + spec.healthPath()))
                    .header("User-Agent", dev.dockhand.docker.LocalTrial.HEALTH_CHECKER)
                    .timeout(spec.health().timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            ok = dev.dockhand.docker.LocalTrial.healthyStatus(response.statusCode());
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (r) {
            if (!r.serving()) {
                return;
            }
            if (ok) {
                r.failures = 0;
                if (++r.successes >= spec.health().healthyThreshold() && !r.health.equals("HEALTHY")) {
                    r.health = "HEALTHY";
                    r.everHealthy = true;
                    loadBalancer.setHealthy(r.taskId, true);
                    history.event(clock.instant(), "(service " + spec.name() + ") registered 1 targets: (task " + r.taskId + ").");
                }
                return;
            }
            r.successes = 0;
            r.failures++;
            boolean failedChecks = r.everHealthy && r.failures >= spec.health().unhealthyThreshold();
            boolean neverStarted = !r.everHealthy && Duration.between(r.startedAt, clock.instant()).compareTo(spec.startGrace()) > 0;
            if (failedChecks || neverStarted) {
                r.health = "UNHEALTHY";
                loadBalancer.setHealthy(r.taskId, false);
                drainAndStop(r, "Task failed ELB health checks (" + spec.healthPath() + ")");
            }
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
            samples.add(CompletableFuture.supplyAsync(() -> containers.usage(r.containerId, limit), workers));
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

    /** Starts or drains replicas until as many run as desired. */
    private void reconcile() {
        if (rolling || closed) {
            return;
        }
        List<Replica> serving = replicas.stream().filter(Replica::serving).toList();
        int missing = desired - serving.size() - launching.get();
        for (int i = 0; i < missing; i++) {
            launching.incrementAndGet();
            workers.execute(() -> {
                try {
                    launch();
                } finally {
                    launching.decrementAndGet();
                }
            });
        }
        int surplus = serving.size() - desired;
        if (surplus > 0) {
            // The newest replicas go first, as they hold the fewest long-lived connections.
            serving.stream().sorted((a, b) -> b.startedAt.compareTo(a.startedAt)).limit(surplus)
                    .forEach(r -> drainAndStop(r, "Scaling activity initiated by (service " + spec.name() + ")"));
        }
    }

    private Replica launch() {
        if (closed) {
            return null;
        }
        String taskId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL, spec.name());
        labels.put(LABEL + ".task", taskId);
        try {
            Containers.Started started = containers.start(new Containers.Spec(spec.name() + "-" + taskId, spec.image(), labels,
                    spec.port(), spec.cpuUnits(), spec.memoryMiB(), environment));
            Replica replica = new Replica(taskId, started.id(), started.hostPort(), spec.image(), clock.instant());
            loadBalancer.addTarget(taskId, new InetSocketAddress("127.0.0.1", started.hostPort()));
            replicas.add(replica);
            if (closed) {
                drainAndStop(replica, "The rehearsal was stopped");
                return null;
            }
            history.event(clock.instant(), "(service " + spec.name() + ") has started 1 tasks: (task " + taskId + ").");
            return replica;
        } catch (IOException | RuntimeException e) {
            history.event(clock.instant(), "(service " + spec.name() + ") was unable to place a task: " + e.getMessage());
            return null;
        }
    }

    private boolean awaitHealthy(Replica replica, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !closed) {
            if (replica.health.equals("HEALTHY")) {
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

    /** Deregisters the replica, lets its requests finish (the deregistration delay at most), then stops it. */
    private CompletableFuture<Void> drainAndStop(Replica r, String reason) {
        synchronized (r) {
            if (!r.desiredStatus.equals("RUNNING")) {
                return CompletableFuture.completedFuture(null);
            }
            r.desiredStatus = "STOPPED";
            r.status = "DEPROVISIONING";
        }
        history.event(clock.instant(), "(service " + spec.name() + ") has begun draining connections on 1 tasks: (task " + r.taskId + ").");
        return loadBalancer.drain(r.taskId, spec.deregistrationDelay())
                .thenRunAsync(() -> {
                    containers.stopAndRemove(r.containerId, 10);
                    stopped(r, reason);
                }, workers);
    }

    private void stopped(Replica r, String reason) {
        synchronized (r) {
            if (r.status.equals("STOPPED")) {
                return;
            }
            r.status = "STOPPED";
            r.desiredStatus = "STOPPED";
            r.health = "UNKNOWN";
            r.stoppedAt = clock.instant();
            r.stoppedReason = reason;
        }
        history.event(clock.instant(), "(service " + spec.name() + ") has stopped 1 running tasks: (task " + r.taskId + "). " + reason + ".");
    }

    public ServiceSnapshot snapshot() {
        List<TaskInfo> tasks = new ArrayList<>();
        List<TargetInfo> targets = new ArrayList<>();
        int running = 0;
        Map<String, int[]> byImage = new LinkedHashMap<>();
        for (Replica r : replicas) {
            tasks.add(new TaskInfo(r.taskId, r.status, r.desiredStatus, r.health, "local", "127.0.0.1:" + r.hostPort,
                    r.startedAt, r.stoppedAt, r.stoppedReason));
            if (r.status.equals("RUNNING")) {
                running++;
                byImage.computeIfAbsent(r.image, k -> new int[1])[0]++;
            }
            if (!r.status.equals("STOPPED")) {
                String state = r.status.equals("DEPROVISIONING") ? "draining" : r.health.equals("HEALTHY") ? "healthy"
                        : r.health.equals("UNHEALTHY") ? "unhealthy" : "initial";
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
                new ScalingLimits(spec.min(), spec.max(), (double) spec.cpuTargetPercent()), List.of(), variables());
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
        long launchDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (launching.get() > 0 && System.nanoTime() < launchDeadline) {
            pause(100);
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (Replica r : replicas) {
            if (!r.status.equals("STOPPED")) {
                stopping.add(drainAndStop(r, "The rehearsal was stopped"));
            }
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(spec.deregistrationDelay().toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // whatever is left is found by its label and removed by destroy
        }
        // Sweep by label until nothing is left: removals started elsewhere may still be under way.
        long sweepDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = containers.labelled(LABEL, spec.name());
        while (!left.isEmpty() && System.nanoTime() < sweepDeadline) {
            left.forEach(id -> containers.stopAndRemove(id, 0));
            pause(200);
            left = containers.labelled(LABEL, spec.name());
        }
        loadBalancer.close();
        workers.shutdownNow();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
