package dev.dockhand.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image locally, the way the load balancer will see it: the app's port published on a free
 * loopback port, the health path called as the target group calls it (HTTP/1.1 GET, ELB-HealthChecker's
 * User-Agent, its timeout) and judged as it judges: healthy after the healthy threshold of answers in a row
 * within the target group's success codes, one interval apart, or not healthy when time runs out. On failure it says
 * why: the app exited (with its code and last log lines), listens on 127.0.0.1 only, listens on
 * another port, or did not answer in time. The container is always removed, also on cancel or error.
 *
 * <p>Cancel by interrupting the calling thread.
 */
public final class LocalTrial {

    /** The User-Agent an application load balancer's health checks send: some apps log or route on it. */
    public static final String HEALTH_CHECKER = "ELB-HealthChecker/2.0";
    /** Label on trial containers, so a crashed Dockhand's leftovers can be found. */
    public static final String TRIAL_LABEL = "dev.dockhand.trial";
    /** The process id of the Dockhand that started the trial: when it is gone, the container is a leftover. */
    static final String TRIAL_OWNER_LABEL = "dev.dockhand.trial.pid";

    /**
     * Removes trial containers whose Dockhand process is gone (killed with -9, a crash), which would
     * otherwise keep running with their port published. Returns how many were removed.
     */
    public static int sweep(DockerEngine engine) {
        int removed = 0;
        Map<String, String> owners = new Containers(engine).labelValues(TRIAL_LABEL, "true", TRIAL_OWNER_LABEL);
        for (var e : owners.entrySet()) {
            boolean alive = !e.getValue().isEmpty() && e.getValue().chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(e.getValue())).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                try {
                    engine.client().removeContainerCmd(e.getKey()).withForce(true).exec();
                    removed++;
                } catch (RuntimeException gone) {
                    // removed meanwhile
                }
            }
        }
        return removed;
    }

    /**
     * What to run and how long to wait. {@code environment}: the app's configuration as {@code NAME=value},
     * given to the container at run time (never to the image).
     */
    public record Options(int port, String healthPath, Duration timeout, List<String> environment, Check check) {
        public Options {
            healthPath = healthPath == null || healthPath.isBlank() ? "/" : healthPath;
            environment = List.copyOf(environment);
        }

        @Override
        public String toString() {
            return "Options[port=" + port + ", healthPath=" + healthPath + ", " + environment.size() + " variables]";
        }
    }

    /**
     * The target group's health check, from the settings the stack is made of: a check every
     * {@code interval}, each given {@code timeout}; healthy after {@code healthyThreshold} answers in a row
     * that {@code matcher} accepts.
     */
    public record Check(Duration interval, Duration timeout, int healthyThreshold, HttpCodes matcher) {
    }

    /** What the trial reports while it runs; called on the trial's own thread. */
    public interface Listener {
        default void status(String text) {
        }

        default void log(String line) {
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    /** Probes in a row that show the app listening in the wrong place before the trial stops early. */
    private static final int WRONG_LISTENER_PROBES = 4;
    private static final int LOG_LINES = 20;

    private final DockerEngine engine;
    // Plain HTTP/1.1, as an ALB's health check: Java's default offers `Upgrade: h2c`, which Next.js and
    // WebSocket apps answer as an upgrade instead of with the health route.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public LocalTrial(DockerEngine engine) {
        this.engine = engine;
    }

    public TrialResult run(String image, Options options, Listener listener) throws IOException {
        DockerClient docker = engine.client();
        int swept = sweep(engine);
        if (swept > 0) {
            listener.status("Removed " + swept + " test container(s) left by an earlier Dockhand that was killed");
        }
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IOException("The image " + image + " does not exist on this Docker engine: build it first.");
        }
        int hostPort = freeLoopbackPort();
        ExposedPort appPort = ExposedPort.tcp(options.port());
        String containerId = docker.createContainerCmd(image)
                .withName("dockhand-trial-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Map.of(TRIAL_LABEL, "true", TRIAL_OWNER_LABEL, String.valueOf(ProcessHandle.current().pid())))
                .withEnv(withPort(options.port(), options.environment()))
                .withExposedPorts(appPort)
                .withHostConfig(HostConfig.newHostConfig()
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), appPort)))
                .exec().getId();
        try {
            docker.startContainerCmd(containerId).exec();
            listener.status("Started " + image + "; waiting for http://127.0.0.1:" + hostPort + options.healthPath());
            TrialResult result = poll(containerId, hostPort, options, listener);
            result.logTail().forEach(listener::log);
            return result;
        } finally {
            remove(containerId);
        }
    }

    private static final java.util.regex.Pattern NOT_FOUND = java.util.regex.Pattern.compile(
            "(?:^|[\\s:])([\\w./@-]+): (?:not found|No such file or directory)|exec: \"?([\\w./@-]+)\"?: executable file not found");

    /** Why the app exited, in plain words, with its last log lines as the evidence. */
    static String exitReason(int code, List<String> logs) {
        String evidence = logs.isEmpty() ? " It printed nothing." : " Its last lines:\n" + String.join("\n", logs);
        if (code == 127) {
            String program = logs.stream().map(NOT_FOUND::matcher).filter(java.util.regex.Matcher::find)
                    .map(m -> m.group(1) != null ? m.group(1) : m.group(2)).reduce((a, b) -> b).orElse(null);
            return (program == null ? "The start command runs a program that is not in the image"
                    : "`" + program.replaceAll("^.*/", "") + "` is not in the image") + " (exit code 127): most often a "
                    + "development dependency, which the build leaves out of the final image. Move it to "
                    + "\"dependencies\", or start the built app with node." + evidence;
        }
        if (code == 0) {
            return "The start command ended (exit code 0) instead of serving: a server must keep running. When it "
                    + "runs steps one after another, the server must be the last one, and a process manager must "
                    + "stay in the foreground (pm2-runtime, not pm2 start)." + evidence;
        }
        if (code == 137) {
            return "The app was killed (exit code 137): it ran out of memory, or did not stop when asked." + evidence;
        }
        return "The app exited with code " + code + "." + evidence;
    }

    private TrialResult poll(String containerId, int hostPort, Options options, Listener listener) {
        URI health = URI.create("http://127.0.0.1:" + hostPort + options.healthPath());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Check check = options.check();
        Integer lastStatus = null;
        Long lastLatency = null;
        int wrongListenerProbes = 0;
        int passes = 0;
        while (true) {
            InspectContainerResponse.ContainerState state = engine.client().inspectContainerCmd(containerId).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                int code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
                List<String> logs = logTail(containerId);
                return new TrialResult(false, lastStatus, lastLatency, code, exitReason(code, logs), logs);
            }
            long started = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).header("User-Agent", HEALTH_CHECKER)
                        .timeout(check.timeout()).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                lastStatus = response.statusCode();
                lastLatency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (check.matcher().matches(lastStatus)) {
                    if (++passes >= check.healthyThreshold()) {
                        return new TrialResult(true, lastStatus, lastLatency, null, null, logTail(containerId));
                    }
                    // Passing: the next check comes one interval later, as the target group's, and the time
                    // limit waits for the run of passes to end (a failure ends it).
                    String passed = "Health path answered " + lastStatus + ": " + passes + " of " + check.healthyThreshold()
                            + " checks in a row passed; the next in ";
                    // Counted down a second at a time: a line that says "15 s" for fifteen seconds looks stuck.
                    listener.status(passed + Math.max(1, check.interval().toSeconds()) + " s");
                    for (long left = check.interval().toSeconds(); left > 0; left--) {
                        listener.status(passed + left + " s");
                        pause(Duration.ofSeconds(1));
                    }
                    pause(check.interval().minusSeconds(check.interval().toSeconds()));
                    continue;
                }
                passes = 0;
                listener.status("Health path answered " + lastStatus + "; waiting for " + check.matcher());
            } catch (IOException e) {
                passes = 0;
                // Not answering yet, or the app listens somewhere the published port does not reach.
                Listeners listeners = listeners(containerId, state.getPidLong());
                if (!listeners.isEmpty() && !listeners.reachableOn(options.port())) {
                    if (++wrongListenerProbes >= WRONG_LISTENER_PROBES) {
                        return wrongListener(listeners, options, containerId, lastStatus);
                    }
                } else {
                    wrongListenerProbes = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Local test cancelled; the container was removed.");
            }
            if (System.nanoTime() > deadline) {
                List<String> logs = logTail(containerId);
                String reason = lastStatus != null
                        ? "The health path " + options.healthPath() + " answered " + lastStatus + ", not " + check.matcher()
                        + " (the target group's success codes), for " + options.timeout().toSeconds() + " s. " + (lastStatus >= 500
                        ? "The app answers but reports a problem: its log lines below say which."
                        : "Check the path (the load balancer will call it) or add the route.")
                        : "No answer on port " + options.port() + " within " + options.timeout().toSeconds()
                        + " s. The app may start slowly (allow more time) or wait for something it cannot reach.";
                return new TrialResult(false, lastStatus, lastLatency, null, reason, logs);
            }
            // Until the app answers, look again soon: a target group would wait a whole interval, which only
            // makes the test slower; the run of passes that makes it healthy is spaced as the target group's.
            pause(POLL);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Local test cancelled; the container was removed.");
        }
    }

    private TrialResult wrongListener(Listeners listeners, Options options, String containerId, Integer lastStatus) {
        List<String> logs = logTail(containerId);
        Listeners.Listener loopback = listeners.sockets().stream().filter(Listeners.Listener::loopbackOnly).findFirst().orElse(null);
        String reason;
        if (loopback != null && listeners.sockets().stream().noneMatch(Listeners.Listener::allInterfaces)) {
            reason = "The app listens on " + loopback.address() + ":" + loopback.port() + " inside the container only, "
                    + "so nothing outside it can connect. Make it listen on 0.0.0.0 (all interfaces).";
        } else {
            String ports = listeners.sockets().stream().filter(Listeners.Listener::allInterfaces)
                    .map(l -> String.valueOf(l.port())).distinct().reduce((a, b) -> a + ", " + b).orElse("?");
            reason = "The app answers on port " + ports + ", not " + options.port() + ". Make it listen on $PORT ("
                    + options.port() + "), or change the port in the Dockerfile (EXPOSE) and the settings to " + ports + ".";
        }
        return new TrialResult(false, lastStatus, null, null, reason, logs);
    }

    /** Listening sockets: from inside the container (cat), else from the host's /proc for its process. */
    private Listeners listeners(String containerId, Long pid) {
        try {
            String inside = exec(containerId, "cat", "/proc/net/tcp", "/proc/net/tcp6");
            if (inside.contains("local_address")) {
                return Listeners.parse(inside);
            }
        } catch (RuntimeException e) {
            // no cat in the image (distroless): try the host's view below
        }
        if (pid != null && pid > 0) {
            StringBuilder text = new StringBuilder();
            for (String table : List.of("tcp", "tcp6")) {
                Path file = Path.of("/proc", String.valueOf(pid), "net", table);
                try {
                    text.append(Files.readString(file)).append('\n');
                } catch (IOException | SecurityException e) {
                    // engine in a VM (Docker Desktop) or no access: nothing to learn here
                }
            }
            return Listeners.parse(text.toString());
        }
        return new Listeners(List.of());
    }

    private String exec(String containerId, String... command) {
        String execId = engine.client().execCreateCmd(containerId).withCmd(command)
                .withAttachStdout(true).withAttachStderr(false).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            engine.client().execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> logTail(String containerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            engine.client().logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(LOG_LINES)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.writeBytes(frame.getPayload());
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DockerException e) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).forEach(lines::add);
        return lines;
    }

    /** Removes the container even when the thread was interrupted (the interrupt is kept for the caller). */
    private void remove(String containerId) {
        boolean interrupted = Thread.interrupted();
        try {
            engine.client().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The app's variables with PORT set to the port the trial publishes: the one the stack sets too. */
    static List<String> withPort(int port, List<String> environment) {
        List<String> env = new java.util.ArrayList<>();
        env.add("PORT=" + port);
        environment.stream().filter(e -> !e.startsWith("PORT=")).forEach(env::add);
        return env;
    }
}
