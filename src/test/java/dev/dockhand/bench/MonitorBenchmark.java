package dev.dockhand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockhand.local.LoadGenerator;
import dev.dockhand.local.Rehearsal;
import dev.dockhand.local.RehearsalSpec;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.pipeline.StepListener;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.monitor.MonitorWindow;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ten minutes of the monitoring window on a six-replica local rehearsal under a steady load: the longest
 * stall of the FX thread and the heap's growth. Targets: no stall over 100 ms; heap after GC grows by less
 * than 20 MB. The rehearsal runs as the app runs it (its own background process, watched through
 * {@link ServiceWatch#local}); the bounded loopback {@link LoadGenerator} runs in a JVM of its own, so its
 * allocations do not count in the window's heap. Stalls are measured two ways: the gap between FX pulses
 * (an {@link AnimationTimer}) and the delay of a {@link Platform#runLater} probe posted every 20 ms, each
 * probe after the previous one ran so one stall counts once. A baseline of the same probes on a plain
 * window under the same load, measured first in the same run, shows what the machine itself gives.
 *
 * <p>Needs a display and the Docker engine with the local base images (CI's setup). Run with
 * {@code xvfb-run -a mvn -Pbench verify -Dtest=MonitorBenchmark -Ddockhand.docker.tests=required
 * -Ddockhand.gui.tests=required}; {@code -Ddockhand.bench.monitorMinutes=1} for a quick try (default 10),
 * {@code -Ddockhand.bench.monitorClients=N} and {@code -Ddockhand.bench.monitorPath=/...} to change the load.
 * A missed target is printed, not failed (timings are not tests); it fails only when it cannot measure.
 */
@Tag("benchmark")
class MonitorBenchmark {

    private static final int REPLICAS = 6;
    private static final long STALL_MS = 100;
    private static final double HEAP_GROWTH_TARGET_MB = 20;
    private static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration BASELINE = Duration.ofSeconds(20);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(240);
    /** The load runs this much longer than the measurement (deploy done, baseline, first snapshot, GC); it is stopped after. */
    private static final Duration LOAD_MARGIN = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    @Test
    void monitoringSixReplicasUnderLoad() throws Throwable {
        Display.require();
        DockerCli.requireEngine();
        int minutes = Integer.getInteger("dockhand.bench.monitorMinutes", 10);
        int clients = Integer.getInteger("dockhand.bench.monitorClients", REPLICAS);
        String path = System.getProperty("dockhand.bench.monitorPath", "/burn?ms=10");
        assertThat(minutes).as("-Ddockhand.bench.monitorMinutes (1 to 60)").isBetween(1, 60);
        assertThat(clients).as("-Ddockhand.bench.monitorClients (1 to 64)").isBetween(1, 64);
        assertThat(path).as("-Ddockhand.bench.monitorPath").startsWith("/");

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String image = "dockhand-bench/monitor:" + suffix;
        String name = "bench-monitor-" + suffix;
        Path state = temp.resolve("state");
        // Rehearsal state files go to this run's folder, not the user's ~/.cache (read by LocalSteps on each call).
        System.setProperty("dockhand.state.dir", state.toString());
        Run run = new Run();
        Throwable failure = null;
        try {
            measure(run, minutes, clients, path, image, name);
        } catch (Throwable t) {
            failure = t;
            printTail(state.resolve(name + ".log"));
            throw t;
        } finally {
            List<String> left = cleanUp(run, name, image);
            System.clearProperty("dockhand.state.dir");
            if (!left.isEmpty()) {
                AssertionError leak = new AssertionError("Containers of the rehearsal left behind: " + left);
                if (failure == null) {
                    throw leak;
                }
                failure.addSuppressed(leak);
            }
        }
    }

    /** What the run started, so the clean-up can stop exactly that. */
    private static final class Run {
        boolean imageBuilt;
        boolean deployed;
        Process load;
        Stage stage;
        BackgroundTasks tasks;
        FxProbe probe;
    }

    private void measure(Run run, int minutes, int clients, String path, String image, String name) throws Exception {
        DockerCli.Result build = DockerCli.docker(Fixtures.trial("scaling", temp), 300, "build", "-t", image, ".");
        run.imageBuilt = true;
        assertThat(build.ok()).as(build.output()).isTrue();

        // Six replicas, kept at six (min = desired = max); 5 s health checks and 10 s CPU samples so the
        // window's tables and charts change often. The task size is the AWS stack's default.
        RehearsalSpec spec = new RehearsalSpec(name, image, 3000, "/health", 256, 256, REPLICAS, REPLICAS, REPLICAS, 50,
                Duration.ofSeconds(60), Duration.ofSeconds(300),
                new RehearsalSpec.HealthCheck(Duration.ofSeconds(5), Duration.ofSeconds(4), 2, 3, dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(120), 0);
        LocalSteps steps = new LocalSteps();
        run.deployed = true;
        long deployStart = System.nanoTime();
        ServiceSnapshot deployed = steps.deploy(spec, DEPLOY_TIMEOUT, StepListener.NONE);
        double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
        assertThat(healthy(deployed)).as("healthy replicas after deploy").isEqualTo(REPLICAS);

        Path loadLog = temp.resolve("load.txt");
        long loadSeconds = Duration.ofMinutes(minutes).plus(LOAD_MARGIN).toSeconds();
        run.load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Load.class.getName(),
                deployed.url() + path, Long.toString(loadSeconds), Integer.toString(clients))
                .redirectErrorStream(true).redirectOutput(loadLog.toFile()).start();
        run.load.getOutputStream().close();
        long loadStart = System.nanoTime();

        run.stage = FxToolkit.registerPrimaryStage();
        Stage stage = run.stage;
        WaitForAsyncUtils.asyncFx(() -> {
            Theme.apply(false);
            stage.setScene(new Scene(new StackPane(new Label("baseline: no monitoring window")), 1200, 760));
            stage.setTitle("Dockhand monitor benchmark");
            stage.show();
        }).get(30, TimeUnit.SECONDS);

        // Baseline: the same probes, same load, a plain window.
        FxProbe baseline = new FxProbe();
        run.probe = baseline;
        baseline.start();
        Thread.sleep(BASELINE.toMillis());
        baseline.stop();
        run.probe = null;

        run.tasks = new BackgroundTasks();
        BackgroundTasks tasks = run.tasks;
        AtomicLong snapshots = new AtomicLong();
        AtomicLong failedPolls = new AtomicLong();
        MonitorWindow window = WaitForAsyncUtils.asyncFx(() -> {
            MonitorWindow w = new MonitorWindow(ServiceWatch.local(name), tasks);
            w.model().snapshotProperty().addListener((obs, old, now) -> snapshots.incrementAndGet());
            w.model().errorProperty().addListener((obs, old, now) -> {
                if (now != null) {
                    failedPolls.incrementAndGet();
                }
            });
            w.show(stage);
            return w;
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> snapshots.get() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(1000); // the first snapshot laid out and drawn
        assertThat(window.model().isPolling()).as("the window polls while shown").isTrue();

        long heapStart = heapAfterGc();
        long snapshotsAtStart = snapshots.get();
        long failedAtStart = failedPolls.get();
        FxProbe probe = new FxProbe();
        run.probe = probe;
        probe.start();
        long measureStart = System.nanoTime();
        for (int minute = 1; minute <= minutes; minute++) {
            long until = measureStart + TimeUnit.MINUTES.toNanos(minute);
            long wait;
            while ((wait = until - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            assertThat(run.load.isAlive()).as("the load is still running (see its output: %s)", read(loadLog)).isTrue();
            Figures pulses = probe.pulseGaps.figures();
            Figures delays = probe.runLaterDelays.figures();
            System.out.printf("  minute %2d: %d snapshots, %d failed polls; longest pulse gap %.0f ms, longest runLater delay %.0f ms, "
                            + "over %d ms %d / %d; heap after the last GC (not forced) %.1f MB%n", minute,
                    snapshots.get() - snapshotsAtStart, failedPolls.get() - failedAtStart, pulses.maxMs(), delays.maxMs(),
                    STALL_MS, pulses.over(), delays.over(), heapAfterLastGc() / 1e6);
        }
        double measuredSeconds = (System.nanoTime() - measureStart) / 1e9;
        probe.stop();
        run.probe = null;
        long polled = snapshots.get() - snapshotsAtStart;
        long failed = failedPolls.get() - failedAtStart;
        // Measured while the window is still open and polling: what it holds after ten minutes.
        long heapEnd = heapAfterGc();
        ServiceSnapshot end = steps.status(name);

        run.load.destroy(); // its completed slices are in its output
        run.load.waitFor(15, TimeUnit.SECONDS);
        double loadWall = (System.nanoTime() - loadStart) / 1e9;
        LoadTotals load = LoadTotals.parse(read(loadLog));

        Figures basePulses = baseline.pulseGaps.figures();
        Figures baseDelays = baseline.runLaterDelays.figures();
        Figures pulses = probe.pulseGaps.figures();
        Figures delays = probe.runLaterDelays.figures();
        double longest = Math.max(pulses.maxMs(), delays.maxMs());
        long stalls = Math.max(pulses.over(), delays.over());
        double growthMb = (heapEnd - heapStart) / 1e6;
        long expectedPolls = Math.round(measuredSeconds / ServiceWatch.local(name).period().toSeconds());

        System.out.println();
        System.out.printf("Monitor benchmark: the monitoring window on a %d-replica local rehearsal for %.1f min, under load "
                        + "(%d loopback clients on %s, own JVM), %d cores, Java %s%n", REPLICAS, measuredSeconds / 60, clients, path,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("  rehearsal: %d healthy replicas after deploy (%.0f s), %d running / %d healthy at the end%n",
                healthy(deployed), deploySeconds, end.running(), healthy(end));
        System.out.printf("  load: %,d requests (%,d failed) in the completed 15 s slices, %.0f req/s; it ran %.0f s in all%n",
                load.requests(), load.failures(), load.requests() / Math.max(1, load.seconds()), loadWall);
        System.out.printf("  window: %d snapshots (about %d expected at one per %d s), %d failed polls%n", polled, expectedPolls,
                ServiceWatch.local(name).period().toSeconds(), failed);
        System.out.printf("  %-34s %12s %12s %12s %18s%n", "FX thread", "samples", "longest", "p99", "over " + STALL_MS + " ms");
        print("pulse gap, baseline (plain window)", basePulses);
        print("pulse gap, monitoring", pulses);
        print("runLater delay, baseline", baseDelays);
        print("runLater delay, monitoring", delays);
        System.out.printf("  longest FX stall %.0f ms (baseline %.0f ms), stalls over %d ms: %d   target: none over %d ms   %s%n",
                longest, Math.max(basePulses.maxMs(), baseDelays.maxMs()), STALL_MS, stalls, STALL_MS, stalls == 0 ? "MET" : "NOT MET");
        System.out.printf("  heap after GC: %.1f MB at the first snapshot, %.1f MB at the end, growth %.1f MB   target < %.0f MB   %s%n",
                heapStart / 1e6, heapEnd / 1e6, growthMb, HEAP_GROWTH_TARGET_MB, growthMb < HEAP_GROWTH_TARGET_MB ? "MET" : "NOT MET");

        // Not targets: only whether the figures mean anything.
        assertThat(pulses.samples()).as("FX pulses seen").isGreaterThan((long) measuredSeconds);
        assertThat(delays.samples()).as("runLater probes answered").isGreaterThan((long) measuredSeconds);
        assertThat(polled).as("snapshots the window received").isGreaterThanOrEqualTo(expectedPolls / 2);
        assertThat(load.requests()).as("requests the load sent").isPositive();
    }

    private static long healthy(ServiceSnapshot snapshot) {
        return snapshot.tasks().stream().filter(t -> t.status().equals("RUNNING") && t.health().equals("HEALTHY")).count();
    }

    private static void print(String what, Figures f) {
        System.out.printf("  %-34s %12d %9.0f ms %9.0f ms %18d%n", what, f.samples(), f.maxMs(), f.p99Ms(), f.over());
    }

    /** Heap in use after full collections: System.gc() a few times, as the JDK does not promise one is enough. */
    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(250);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap pools after the most recent collection the JVM made by itself: a trend without forcing a GC. */
    private static long heapAfterLastGc() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        com.sun.management.GcInfo latest = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                com.sun.management.GcInfo info = sun.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : latest.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** Stops what this run started, in reverse; returns the rehearsal's containers still there afterwards. */
    private static List<String> cleanUp(Run run, String name, String image) {
        if (run.probe != null) {
            try {
                run.probe.stop();
            } catch (Exception e) {
                System.out.println("  clean-up: cannot stop the FX probes: " + e);
            }
        }
        if (run.stage != null) {
            try {
                WaitForAsyncUtils.asyncFx(run.stage::hide).get(30, TimeUnit.SECONDS); // stops polling first
            } catch (Exception e) {
                System.out.println("  clean-up: cannot hide the window: " + e);
            }
        }
        if (run.tasks != null) {
            run.tasks.close();
        }
        if (run.load != null) {
            run.load.destroy();
            try {
                if (!run.load.waitFor(15, TimeUnit.SECONDS)) {
                    run.load.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (run.deployed) {
            try {
                new LocalSteps().destroy(name, Duration.ofSeconds(90));
            } catch (Exception e) {
                System.out.println("  clean-up: destroy did not finish: " + e.getMessage());
            }
            // A background process this JVM started that never wrote its state file is not known to destroy.
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains("rehearsal-daemon")
                            && String.join(" ", a).contains(name)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        List<String> left = labelled(name);
        for (int attempt = 0; attempt < 3 && !left.isEmpty(); attempt++) {
            left.forEach(id -> DockerCli.docker("rm", "-f", id));
            left = labelled(name);
        }
        if (run.imageBuilt) {
            DockerCli.docker("rmi", "-f", image);
        }
        return left;
    }

    private static List<String> labelled(String name) {
        DockerCli.Result ps = DockerCli.docker("ps", "-aq", "--filter", "label=" + Rehearsal.LABEL + "=" + name);
        String ids = ps.output().strip();
        return !ps.ok() || ids.isEmpty() ? List.of() : ids.lines().toList();
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void printTail(Path log) {
        List<String> lines = read(log).lines().toList();
        if (!lines.isEmpty()) {
            System.out.println("Last lines of the rehearsal's log " + log + ":");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("  " + l));
        }
    }

    /** One set of stall figures. */
    record Figures(long samples, double maxMs, double p99Ms, long over) {
    }

    /** Delays without allocating per sample (so the probe itself does not grow the heap): a 1 ms histogram. */
    private static final class Stalls {
        private final long[] histogram = new long[2001]; // 0 .. 1999 ms, and the last for 2 s or more
        private long samples;
        private long maxNanos;
        private long over;

        synchronized void add(long nanos) {
            samples++;
            maxNanos = Math.max(maxNanos, nanos);
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            if (millis > STALL_MS) {
                over++;
            }
            histogram[(int) Math.min(histogram.length - 1, millis)]++;
        }

        synchronized Figures figures() {
            long rank = (long) Math.ceil(samples * 0.99);
            long seen = 0;
            int p99 = 0;
            for (int i = 0; i < histogram.length && samples > 0; i++) {
                seen += histogram[i];
                if (seen >= rank) {
                    p99 = i;
                    break;
                }
            }
            return new Figures(samples, maxNanos / 1e6, p99, over);
        }
    }

    /** The FX thread's responsiveness: gaps between pulses, and how long a posted Runnable waits to run. */
    private static final class FxProbe {
        final Stalls pulseGaps = new Stalls();
        final Stalls runLaterDelays = new Stalls();
        private volatile boolean running;
        private AnimationTimer timer;
        private Thread poster;

        void start() throws Exception {
            running = true;
            WaitForAsyncUtils.asyncFx(() -> {
                timer = new AnimationTimer() {
                    private long last = -1;

                    @Override
                    public void handle(long now) {
                        if (last >= 0) {
                            pulseGaps.add(now - last);
                        }
                        last = now;
                    }
                };
                timer.start();
            }).get(30, TimeUnit.SECONDS);
            poster = new Thread(this::post, "bench-fx-probe");
            poster.setDaemon(true);
            poster.start();
        }

        /** One probe at a time, every 20 ms: a long stall delays one probe instead of queueing many. */
        private void post() {
            while (running) {
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    runLaterDelays.add(System.nanoTime() - posted);
                    ran.countDown();
                });
                try {
                    while (!ran.await(1, TimeUnit.SECONDS)) {
                        if (!running) {
                            return;
                        }
                    }
                    long wait = posted + PROBE_PERIOD_NANOS - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws Exception {
            running = false;
            if (poster != null) {
                poster.join(5000);
            }
            if (timer != null) {
                WaitForAsyncUtils.asyncFx(timer::stop).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The load's output summed: one line per completed slice. */
    record LoadTotals(long requests, long failures, double seconds) {
        static LoadTotals parse(String output) {
            long requests = 0;
            long failures = 0;
            double seconds = 0;
            for (String line : output.lines().toList()) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("slice")) {
                    requests += Long.parseLong(parts[1]);
                    failures += Long.parseLong(parts[2]);
                    seconds += Double.parseDouble(parts[3]);
                }
            }
            return new LoadTotals(requests, failures, seconds);
        }
    }

    /**
     * The load, in a JVM of its own: the bounded {@link LoadGenerator} in 15 s slices until the time is up
     * (or the benchmark stops it), one line per slice: {@code slice REQUESTS FAILURES SECONDS}.
     */
    static final class Load {
        public static void main(String[] args) throws Exception {
            URI url = URI.create(args[0]);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
            int clients = Integer.parseInt(args[2]);
            long left;
            while ((left = end - System.nanoTime()) > TimeUnit.SECONDS.toNanos(1)) {
                long t0 = System.nanoTime();
                LoadGenerator.Report report = LoadGenerator.run(url, Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(15))), clients);
                System.out.printf(java.util.Locale.ROOT, "slice %d %d %.3f%n", report.requests(), report.failures(),
                        (System.nanoTime() - t0) / 1e9);
                System.out.flush();
            }
        }
    }
}
