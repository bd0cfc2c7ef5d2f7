package dev.dockhand.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.docker.Containers;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.docker.EngineUnavailableException;
import dev.dockhand.local.ControlGuard;
import dev.dockhand.local.Rehearsal;
import dev.dockhand.local.RehearsalDaemon;
import dev.dockhand.local.RehearsalSpec;
import dev.dockhand.monitor.ServiceEvent;
import dev.dockhand.monitor.ServiceSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local rehearsal as steps: deploy (start the background rehearsal, or roll a new image into the
 * running one), status, destroy and a bounded load. The rehearsal runs in a background Dockhand process
 * ({@link RehearsalDaemon}) that keeps the load balancer and autoscaler going after the command returns;
 * its containers carry a label, so destroy finds them even after that process crashed.
 */
public final class LocalSteps {

    private static final ObjectMapper JSON = RehearsalDaemon.json();
    // Plain HTTP/1.1, as an ALB's health check: Java's default offers `Upgrade: h2c`, which Next.js and
    // WebSocket apps answer as an upgrade instead of with the health route.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** Where rehearsals keep their state files: {@code -Ddockhand.state.dir}, else ~/.cache/dockhand/rehearsals. */
    public static Path stateDirectory() {
        String configured = System.getProperty("dockhand.state.dir");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "dockhand", "rehearsals");
    }

    static Path stateFile(String name) {
        return stateFile(name, ".json");
    }

    /**
     * A file of the rehearsal {@code name} in Dockhand's state folder. The name was checked where it was
     * read; this refuses again any name that would reach outside the folder, since the file is written and
     * deleted.
     */
    static Path stateFile(String name, String suffix) {
        Path directory = stateDirectory().toAbsolutePath().normalize();
        Path file = directory.resolve(name + suffix).normalize();
        if (!ServiceSettings.validName(name) || !directory.equals(file.getParent())) {
            throw new IllegalArgumentException("The rehearsal name \"" + name + "\" cannot name a file: "
                    + ServiceSettings.NAME_RULE + ".");
        }
        return file;
    }

    /** The rehearsal's spec from the analysis and dockhand.yaml, with the AWS stack's timings unless tuned. */
    public static RehearsalSpec spec(OpenedProject project, ProjectSettings settings, String image, Tuning tuning)
            throws StepException {
        return spec(Deployments.baseSettings(project, settings), image, tuning);
    }

    /**
     * The rehearsal's spec from the same settings the stack template is made of: task size, counts, CPU
     * target and cooldowns, the target group's health check, draining and the start grace. Only
     * {@code tuning} (shorter timings to watch scaling) makes them differ.
     */
    static RehearsalSpec spec(ServiceSettings s, String image, Tuning tuning) {
        return new RehearsalSpec(s.name(), image, s.containerPort(), s.healthPath(), s.cpu(), s.memory(), s.desiredCount(),
                s.minTasks(), s.maxTasks(), s.cpuTargetPercent(),
                or(tuning.scaleOutCooldown(), Duration.ofSeconds(s.scaleOutCooldown())),
                or(tuning.scaleInCooldown(), Duration.ofSeconds(s.scaleInCooldown())),
                health(s.healthCheck(), tuning),
                or(tuning.deregistrationDelay(), Duration.ofSeconds(s.deregistrationDelay())),
                or(tuning.scalingPeriod(), Duration.ofSeconds(ServiceSettings.METRIC_PERIOD_SECONDS)),
                Duration.ofSeconds(s.healthCheckGrace()), 0);
    }

    /** The stack's health check; a tuned interval keeps the timeout below it, as the target group requires. */
    private static RehearsalSpec.HealthCheck health(ServiceSettings.HealthCheck check, Tuning tuning) {
        Duration interval = or(tuning.healthInterval(), Duration.ofSeconds(check.intervalSeconds()));
        Duration timeout = Duration.ofSeconds(check.timeoutSeconds());
        return new RehearsalSpec.HealthCheck(interval, timeout.compareTo(interval) < 0 ? timeout : interval,
                check.healthyThreshold(), check.unhealthyThreshold(), ServiceSettings.HEALTH_MATCHER);
    }

    private static Duration or(Duration tuned, Duration stack) {
        return tuned != null ? tuned : stack;
    }

    /** Shorter timings, to watch a rehearsal scale within minutes; nulls keep the AWS stack's. */
    public record Tuning(Duration healthInterval, Duration scalingPeriod, Duration scaleOutCooldown, Duration scaleInCooldown,
                         Duration deregistrationDelay) {
        public static Tuning none() {
            return new Tuning(null, null, null, null, null);
        }

        /**
         * Timings to watch scaling within minutes: CPU measured every 10 s instead of every minute (so the 3
         * periods of a scale-out take 30 s and the 15 of a scale-in 2.5 min), checks every 5 s, short
         * cooldowns and draining. The counts, thresholds and CPU target stay the stack's.
         */
        public static Tuning fast() {
            return new Tuning(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                    Duration.ofSeconds(5));
        }
    }

    /** Starts the rehearsal (or rolls the new image into the running one) and waits until it is healthy. */
    public ServiceSnapshot deploy(RehearsalSpec spec, Duration timeout, StepListener listener) throws StepException {
        return deploy(spec, ConfigValues.none(), timeout, listener);
    }

    /**
     * Starts the rehearsal with the app's configuration (or rolls the new image and configuration into the
     * running one) and waits until it is healthy. The values reach the background process through its
     * standard input or the update's body, never through a file or its command line.
     */
    /**
     * A running rehearsal takes a new image, not a new port or health path: its balancer and health checks
     * were set up for the old ones, and the new image would never count as healthy. Refused, naming the way on.
     */
    static void refuseChangedServing(RehearsalSpec running, RehearsalSpec wanted) throws StepException {
        if (running == null || (running.port() == wanted.port() && java.util.Objects.equals(running.healthPath(), wanted.healthPath()))) {
            return;
        }
        throw new StepException("The rehearsal " + wanted.name() + " runs with port " + running.port() + " and health path "
                + running.healthPath() + "; this start asks for port " + wanted.port() + " and " + wanted.healthPath()
                + ", which a running rehearsal cannot change. Stop it (Stop Rehearsal, or `dockhand destroy` with "
                + "--target local), then start it again.", null, true);
    }

    public ServiceSnapshot deploy(RehearsalSpec spec, ConfigValues config, Duration timeout, StepListener listener)
            throws StepException {
        config.localNotes().forEach(note -> listener.log("Configuration: " + note));
        List<String> environment = config.containerEnvironment();
        Optional<RehearsalDaemon.State> running = liveState(spec.name());
        if (running.isPresent() && !answers(running.get())) {
            listener.log("The rehearsal process of " + spec.name() + " (pid " + running.get().pid() + ") does not answer: "
                    + "starting a new one");
            running = Optional.empty();
        }
        if (running.isPresent()) {
            refuseChangedServing(running.get().spec(), spec);
            listener.log("Rolling " + spec.image() + " into the running rehearsal " + spec.name());
            post(running.get(), "/update", json(new RehearsalDaemon.Update(spec.image(), environment)));
            return awaitSettled(running.get(), spec.image(), timeout, listener);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Path specFile = stateFile(spec.name(), ".spec.json");
        Path log = stateFile(spec.name(), ".log");
        StartClaim claim;
        try {
            RehearsalDaemon.ownerOnlyDirectory(stateDirectory());
            claim = StartClaim.take(stateFile(spec.name(), ".starting")).orElseThrow(() -> alreadyStarting(spec.name()));
        } catch (IOException e) {
            throw StepException.failed("Cannot start the rehearsal process: " + e.getMessage(), e);
        }
        RehearsalDaemon.State started;
        try (claim) {
            // A deploy that held the claim until a moment ago may have just started it: roll into that one.
            running = liveState(spec.name());
            if (running.isPresent() && answers(running.get())) {
                refuseChangedServing(running.get().spec(), spec);
                listener.log("Rolling " + spec.image() + " into the running rehearsal " + spec.name());
                post(running.get(), "/update", json(new RehearsalDaemon.Update(spec.image(), environment)));
                started = running.get();
            } else {
                refuseIfLocked(spec.name());
                JSON.writeValue(specFile.toFile(), spec);
                int orphans = removeOrphans(spec.name());
                if (orphans > 0) {
                    listener.log("Removed " + orphans + " replica(s) left by a rehearsal process that is gone");
                }
                List<String> command = new ArrayList<>(detached());
                command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "dev.dockhand.Main", "rehearsal-daemon",
                        specFile.toString(), stateFile(spec.name()).toString()));
                Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                try (var stdin = daemon.getOutputStream()) {
                    stdin.write(json(environment));
                }
                listener.log("Started the rehearsal process; its log is " + log);
                started = awaitState(spec.name(), daemon, log, deadline, timeout);
            }
        } catch (IOException e) {
            throw StepException.failed("Cannot start the rehearsal process: " + e.getMessage(), e);
        }
        // The claim is given up once the new process holds its lock and has written its state.
        return awaitSettled(started, spec.image(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), listener);
    }

    private static StepException alreadyStarting(String name) {
        return new StepException("A rehearsal of " + name + " is already starting (another `deploy --target local` "
                + "runs): wait until it is healthy, then deploy again to roll this image into it.", null, true);
    }

    /** Waits until the new background process has written its state: it then holds the rehearsal's lock. */
    private RehearsalDaemon.State awaitState(String name, Process daemon, Path log, long deadline, Duration timeout)
            throws StepException {
        while (System.nanoTime() < deadline) {
            Optional<RehearsalDaemon.State> state = liveState(name);
            if (state.isPresent()) {
                return state.get();
            }
            if (!daemon.isAlive()) {
                throw StepException.failed("The rehearsal process ended before it started (exit " + daemon.exitValue() + "): "
                        + lastLines(log) + " Its log is " + log + ".", null);
            }
            sleep(200);
        }
        throw StepException.failed("The rehearsal process did not start within " + timeout.toSeconds() + " s: see " + log + ".", null);
    }

    /**
     * One background process per rehearsal: it holds {@code NAME.lock} while it runs. A lock held by
     * another process with no state file means that process is still starting (or no longer answers).
     */
    private static void refuseIfLocked(String name) throws IOException, StepException {
        try (var channel = java.nio.channels.FileChannel.open(stateFile(name, ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.tryLock()) {
            if (lock == null) {
                throw alreadyStarting(name);
            }
        }
    }

    /**
     * The command that starts the background process in a session of its own (setsid), so a terminal's
     * hang-up or a `timeout` that kills the command's process group leaves the rehearsal running; only
     * destroy stops it. Where there is no setsid (macOS, Windows) the process is started directly.
     */
    private static List<String> detached() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    /**
     * Removes replicas of {@code name} whose background process is gone (killed, crashed): a new process
     * would otherwise start its replicas beside them. Called only when no live process has the rehearsal.
     */
    private static int removeOrphans(String name) throws StepException {
        try (DockerEngine engine = DockerEngine.connect()) {
            Containers containers = new Containers(engine);
            List<String> left = containers.labelled(Rehearsal.LABEL, name);
            left.forEach(id -> containers.stopAndRemove(id, 0));
            return left.size();
        } catch (EngineUnavailableException e) {
            throw StepException.failed(e.getMessage(), e);
        }
    }

    /** Taken by the background process for its lifetime; see {@link #refuseIfLocked}. */
    private static java.nio.channels.FileLock daemonLock;

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "its log cannot be read.";
        }
    }

    private boolean answers(RehearsalDaemon.State state) {
        try {
            snapshot(state);
            return true;
        } catch (StepException e) {
            return false;
        }
    }

    /** Tasks that may stop before one is healthy, as ECS's circuit breaker counts, before the deploy gives up. */
    static final int FAILED_TASKS_LIMIT = 3;

    private ServiceSnapshot awaitSettled(RehearsalDaemon.State state, String image, Duration timeout, StepListener listener)
            throws StepException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.time.Instant since = java.time.Instant.now().minusSeconds(1);
        String last = "";
        ServiceSnapshot snapshot = null;
        while (System.nanoTime() < deadline) {
            snapshot = snapshot(state);
            String failure = failure(snapshot, since, image);
            if (failure != null) {
                throw StepException.failed(failure + " The rehearsal keeps running and trying: see `dockhand status DIR --target "
                        + "local`, fix the app, and deploy again (or `dockhand destroy DIR --target local --yes`).", null);
            }
            long healthy = snapshot.tasks().stream().filter(t -> t.status().equals("RUNNING") && t.health().equals("HEALTHY")).count();
            boolean settled = snapshot.deployments().stream().anyMatch(d -> d.status().equals("PRIMARY") && d.image().equals(image)
                    && d.rolloutState().equals("COMPLETED")) && healthy >= snapshot.desired();
            String progress = healthy + " of " + snapshot.desired() + " replicas healthy";
            if (!progress.equals(last)) {
                listener.progress(snapshot.desired() == 0 ? -1 : healthy / (double) snapshot.desired(), progress);
                listener.log(progress);
                last = progress;
            }
            if (settled) {
                return snapshot;
            }
            sleep(300);
        }
        throw StepException.failed("The rehearsal was not healthy within " + timeout.toSeconds() + " s ("
                + last + "). Check the replicas' health path, or see `dockhand status`.", null);
    }

    /**
     * Why waiting longer is pointless, or null: the rolling update stopped because a new task never became
     * healthy; or no task is healthy and a task failed its health checks after the start grace, or
     * {@link #FAILED_TASKS_LIMIT} tasks stopped (a crash loop), since the deploy began.
     */
    static String failure(ServiceSnapshot snapshot, java.time.Instant since, String image) {
        boolean healthy = snapshot.tasks().stream().anyMatch(t -> "RUNNING".equals(t.status()) && "HEALTHY".equals(t.health()));
        List<dev.dockhand.monitor.TaskInfo> stopped = snapshot.tasks().stream()
                .filter(t -> "STOPPED".equals(t.status()) && t.stoppedAt() != null && t.stoppedAt().isAfter(since)).toList();
        String lastReason = stopped.stream().max(java.util.Comparator.comparing(dev.dockhand.monitor.TaskInfo::stoppedAt))
                .map(dev.dockhand.monitor.TaskInfo::stoppedReason).orElse(null);
        boolean rolloutStopped = snapshot.events().stream().anyMatch(e -> e.time() != null && e.time().isAfter(since)
                && e.message().contains("deployment of " + image + " stopped"));
        if (rolloutStopped) {
            return "The new image " + image + " did not become healthy, so the rolling update stopped"
                    + (lastReason == null ? "." : ": " + lastReason + ".") + " The old replicas keep serving.";
        }
        // No replica could even be started (the image is gone, the engine refuses the container): no task
        // exists to fail, so this is the only sign. It ends the wait once nothing else of this deploy runs.
        List<ServiceEvent> unplaced = snapshot.events().stream().filter(e -> e.time() != null && e.time().isAfter(since)
                && e.message().contains(Rehearsal.UNABLE_TO_PLACE)).toList();
        boolean anyStarting = snapshot.tasks().stream().anyMatch(t -> !"STOPPED".equals(t.status()));
        if (!healthy && !unplaced.isEmpty() && (!anyStarting || unplaced.size() >= FAILED_TASKS_LIMIT)) {
            String message = unplaced.stream().max(java.util.Comparator.comparing(ServiceEvent::time)).orElseThrow().message();
            return "No replica could be started: " + message.substring(message.indexOf(Rehearsal.UNABLE_TO_PLACE)
                    + Rehearsal.UNABLE_TO_PLACE.length()).replaceFirst("^: ", "");
        }
        // A task stopped for failed health checks has had its whole start grace: waiting longer cannot help.
        boolean graceOver = stopped.stream().anyMatch(t -> String.valueOf(t.stoppedReason()).startsWith("Task failed ELB health checks"));
        if (!healthy && (stopped.size() >= FAILED_TASKS_LIMIT || graceOver)) {
            return (stopped.size() == 1 ? "A task stopped" : stopped.size() + " tasks stopped") + " before one became healthy"
                    + (lastReason == null ? "." : ": " + lastReason + ".");
        }
        return null;
    }

    /** The rehearsal's live state, or an error naming the next step when none runs. */
    public ServiceSnapshot status(String name) throws StepException {
        RehearsalDaemon.State state = liveState(name).orElseThrow(() -> new ServiceGone(
                "No local rehearsal named " + name + " is running: start one with `dockhand deploy DIR --target local`."));
        return snapshot(state);
    }

    /** Asks the rehearsal to stop, waits for it, and removes whatever containers of it are left. */
    public int destroy(String name, Duration timeout) throws StepException {
        // A state whose pid is no longer the rehearsal's process (it crashed and the pid was reused) is a
        // rehearsal that is gone: its containers and files are removed, and that process gets no signal.
        Optional<RehearsalDaemon.State> state = liveState(name);
        if (state.isPresent()) {
            try {
                post(state.get(), "/stop");
            } catch (StepException notAnswering) {
                // a hung process: stopped below; its containers are removed below
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (isRehearsalProcess(state.get()) && System.nanoTime() < deadline) {
                sleep(200);
            }
            if (isRehearsalProcess(state.get())) {
                ProcessHandle.of(state.get().pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        int removed = 0;
        try (DockerEngine engine = DockerEngine.connect()) {
            Containers containers = new Containers(engine);
            for (String id : containers.labelled(Rehearsal.LABEL, name)) {
                containers.stopAndRemove(id, 0);
                removed++;
            }
            removed += dev.dockhand.docker.LocalTrial.sweep(engine); // test containers a killed Dockhand left
        } catch (EngineUnavailableException e) {
            throw StepException.failed(e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(stateFile(name));
            Files.deleteIfExists(stateFile(name, ".spec.json"));
        } catch (IOException e) {
            throw StepException.failed("Cannot remove the rehearsal's state file: " + e.getMessage(), e);
        }
        return removed;
    }

    /**
     * Asks the running rehearsal to stop one task as ECS does (drained, SIGTERM, SIGKILL after the stop
     * timeout); the service replaces it.
     */
    public void stopTask(String name, String taskId) throws StepException {
        post(liveState(name).orElseThrow(() -> new StepException("No local rehearsal named " + name + " is running.")),
                "/stop-task?task=" + taskId);
    }

    /** Sets the running rehearsal's desired count (clamped to its min and max). */
    public void setDesired(String name, int count) throws StepException {
        post(liveState(name).orElseThrow(() -> new StepException("No local rehearsal named " + name + " is running.")),
                "/desired?count=" + count);
    }

    /** A rehearsal whose background process runs: its name and the address of its load balancer. */
    public record Running(String name, String url) {
    }

    /**
     * The rehearsal of the project in {@code folder} when its process still runs (the service name from
     * dockhand.yaml, else the folder's name); empty when none runs or the settings cannot be read. Reads
     * files only: call it off the UI thread all the same.
     */
    public Optional<Running> runningFor(Path folder) {
        try {
            String name = Deployments.serviceName(folder, ProjectSettings.load(folder));
            if (!ServiceSettings.validName(name)) {
                return Optional.empty();
            }
            return liveState(name).map(state -> new Running(state.name(), state.url()));
        } catch (StepException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The names of the rehearsals whose background process is running. */
    public List<String> running() {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(stateDirectory())) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.endsWith(".spec.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(n -> liveState(n).isPresent()).sorted().forEach(names::add);
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }

    private Optional<RehearsalDaemon.State> liveState(String name) {
        return readState(name).filter(LocalSteps::isRehearsalProcess);
    }

    private static boolean isRehearsalProcess(RehearsalDaemon.State state) {
        return RehearsalProcess.isRehearsal(state.pid(), new RehearsalProcess.Recorded(state.processStartTicks(), state.processStart(),
                stateFile(state.name())));
    }

    private Optional<RehearsalDaemon.State> readState(String name) {
        Path file = stateFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RehearsalDaemon.State.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private ServiceSnapshot snapshot(RehearsalDaemon.State state) throws StepException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.controlPort() + "/status"))
                    .header(ControlGuard.TOKEN_HEADER, String.valueOf(state.token()))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 403) {
                throw StepException.failed("The rehearsal process refused Dockhand's request: it was started by another version "
                        + "of Dockhand. Remove it with `dockhand destroy DIR --target local --yes` and deploy again.", null);
            }
            return JSON.readValue(response.body(), ServiceSnapshot.class);
        } catch (IOException e) {
            throw StepException.failed("The rehearsal process does not answer: " + e.getMessage()
                    + ". Remove it with `dockhand destroy DIR --target local --yes`.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("Cancelled.");
        }
    }

    private void post(RehearsalDaemon.State state, String path) throws StepException {
        post(state, path, new byte[0]);
    }

    private void post(RehearsalDaemon.State state, String path, byte[] body) throws StepException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.controlPort() + path))
                    .header(ControlGuard.TOKEN_HEADER, String.valueOf(state.token()))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 403) {
                throw StepException.failed("The rehearsal process refused Dockhand's request: it was started by another version "
                        + "of Dockhand. Remove it with `dockhand destroy DIR --target local --yes` and deploy again.", null);
            }
            if (response.statusCode() == 404) {
                throw StepException.failed("The rehearsal has no such running task: it has stopped already.", null);
            }
        } catch (IOException e) {
            throw StepException.failed("The rehearsal process does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("Cancelled.");
        }
    }

    /**
     * Runs a rehearsal in this process until it is stopped: the background process's body. Its standard
     * input holds the app's configuration (a JSON array of NAME=value), read once and then closed.
     */
    public static void runDaemon(Path specFile, Path stateFile) throws Exception {
        RehearsalSpec spec = JSON.readValue(specFile.toFile(), RehearsalSpec.class);
        // Beside the state file it was given: this process may not share the caller's -Ddockhand.state.dir.
        var channel = java.nio.channels.FileChannel.open(stateFile.resolveSibling(spec.name() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        daemonLock = channel.tryLock();
        if (daemonLock == null) {
            System.err.println("Another rehearsal process runs for " + spec.name() + ": this one stops.");
            System.exit(3);
        }
        byte[] input = System.in.readAllBytes();
        List<String> environment = input.length == 0 ? List.of()
                : JSON.readValue(input, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        System.in.close();
        RehearsalDaemon.run(spec, stateFile, environment);
    }

    private static byte[] json(Object value) throws StepException {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw StepException.failed("Cannot hand the configuration to the rehearsal: " + e.getClass().getSimpleName(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("Cancelled.");
        }
    }
}
