package dev.dockhand.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Long-running containers with resource limits, as the local rehearsal runs its replicas: started with
 * the app's port published on a free loopback port, labelled so they can always be found again (also
 * after a crash), with CPU and memory use read from the engine's stats.
 */
public final class Containers implements ContainerEngine {

    /**
     * What to run: image, labels, the app's port, the task's CPU units (1024 = one CPU) and memory (MiB),
     * and the app's configuration as {@code NAME=value}.
     */
    public record Spec(String name, String image, Map<String, String> labels, int port, int cpuUnits, int memoryMiB,
                       List<String> environment) {
        public Spec {
            environment = List.copyOf(environment);
        }

        @Override
        public String toString() {
            return "Spec[" + name + ", " + image + ", " + environment.size() + " variables]"; // never the values
        }
    }

    /** A started container and the loopback port its app port is published on. */
    public record Started(String id, int hostPort, String address) {
    }

    /** Whether a container runs, and how it ended if it does not. */
    public record State(boolean running, Integer exitCode, String error, boolean oomKilled) {
    }

    /** A container exited: its exit code (null when the engine did not say) and whether the kernel killed it for memory. */
    public record Exit(String id, Integer exitCode, boolean outOfMemory) {
    }

    /** CPU and memory use as percentages of the container's limits. */
    public record Usage(double cpuPercent, double memoryPercent) {
    }

    private final DockerEngine engine;

    public Containers(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Started start(Spec spec) throws IOException {
        int hostPort = freeLoopbackPort();
        ExposedPort appPort = ExposedPort.tcp(spec.port());
        String id;
        try {
            id = engine.client().createContainerCmd(spec.image())
                    .withName(spec.name())
                    .withLabels(spec.labels())
                    .withEnv(LocalTrial.withPort(spec.port(), spec.environment()))
                    .withExposedPorts(appPort)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), appPort))
                            .withNanoCPUs((long) (spec.cpuUnits() / 1024.0 * 1_000_000_000L))
                            .withMemory(spec.memoryMiB() * 1024L * 1024L))
                    .exec().getId();
        } catch (NotFoundException e) {
            throw new IOException("The image " + spec.image() + " does not exist on this Docker engine: build it first.", e);
        }
        try {
            engine.client().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            stopAndRemove(id, 0); // a container that never ran is not left behind
            throw new IOException("Cannot start a container of " + spec.image() + ": " + e.getMessage(), e);
        }
        InspectContainerResponse inspect = engine.client().inspectContainerCmd(id).exec();
        String address = inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getIpAddress() == null
                ? "" : inspect.getNetworkSettings().getIpAddress();
        return new Started(id, hostPort, address);
    }

    /** The container's state, or empty-handed "not running" when it is gone. */
    @Override
    public State state(String id) {
        try {
            InspectContainerResponse.ContainerState s = engine.client().inspectContainerCmd(id).exec().getState();
            return new State(Boolean.TRUE.equals(s.getRunning()), s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
                    s.getError(), Boolean.TRUE.equals(s.getOOMKilled()));
        } catch (NotFoundException e) {
            return new State(false, null, "the container was removed", false);
        }
    }

    /**
     * CPU use as a percentage of the container's CPU limit (as ECS reports CPUUtilization: 100 means the
     * task uses all the CPU it reserved), and memory use as a percentage of its memory limit.
     */
    @Override
    public Usage usage(String id, double cpuLimit) {
        AtomicReference<Statistics> sample = new AtomicReference<>();
        try {
            engine.client().statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics statistics) {
                    sample.set(statistics);
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException e) {
            return new Usage(0, 0);
        }
        Statistics s = sample.get();
        if (s == null || s.getCpuStats() == null || s.getPreCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getPreCpuStats().getCpuUsage() == null) {
            return new Usage(0, 0);
        }
        long cpuDelta = value(s.getCpuStats().getCpuUsage().getTotalUsage()) - value(s.getPreCpuStats().getCpuUsage().getTotalUsage());
        long systemDelta = value(s.getCpuStats().getSystemCpuUsage()) - value(s.getPreCpuStats().getSystemCpuUsage());
        long cpus = s.getCpuStats().getOnlineCpus() == null ? Runtime.getRuntime().availableProcessors() : s.getCpuStats().getOnlineCpus();
        double cpuOfHost = systemDelta > 0 && cpuDelta > 0 ? (double) cpuDelta / systemDelta * cpus : 0; // in CPUs
        double cpuPercent = cpuLimit > 0 ? cpuOfHost / cpuLimit * 100 : cpuOfHost * 100;
        double memoryPercent = 0;
        if (s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null && s.getMemoryStats().getLimit() != null
                && s.getMemoryStats().getLimit() > 0) {
            memoryPercent = 100.0 * s.getMemoryStats().getUsage() / s.getMemoryStats().getLimit();
        }
        return new Usage(cpuPercent, memoryPercent);
    }

    /** Ids of the containers (running or not) carrying {@code label=value}. */
    @Override
    public List<String> labelled(String label, String value) {
        return List.copyOf(labelValues(label, value, label).keySet());
    }

    /**
     * The containers (running or not) carrying {@code label=value}, by id, each with the value of its label
     * {@code key} (empty when it has none).
     */
    public Map<String, String> labelValues(String label, String value, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Container container : engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(label, value)).exec()) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            values.put(container.getId(), labels.getOrDefault(key, ""));
        }
        return values;
    }

    /** A line a container wrote, with the engine's time stamp. */
    public record LogLine(Instant time, String text) {
    }

    /** The container's last {@code count} lines (the engine's tail), oldest first. */
    public List<LogLine> lastLines(String id, int count) throws InterruptedException {
        return logs(id, command -> command.withTail(count), Instant.EPOCH, count);
    }

    /**
     * The lines the container wrote (stdout and stderr) after {@code after}, oldest first; of more than {@code limit},
     * the newest. Empty when the container is gone.
     */
    public List<LogLine> logAfter(String id, Instant after, int limit) throws InterruptedException {
        // The engine's "since" is in whole seconds: ask from the second before, then drop what is not after.
        int since = (int) Math.max(0, after.getEpochSecond() - 1);
        return logs(id, command -> command.withSince(since), after, limit);
    }

    private List<LogLine> logs(String id, java.util.function.UnaryOperator<com.github.dockerjava.api.command.LogContainerCmd> which,
                               Instant after, int limit) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            which.apply(engine.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true))
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            (frame.getStreamType() == StreamType.STDERR ? err : out)
                                    .writeBytes(frame.getPayload());
                        }
                    }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            return List.of();
        }
        ArrayList<LogLine> lines = new ArrayList<>();
        for (ByteArrayOutputStream stream : List.of(out, err)) {
            stream.toString(StandardCharsets.UTF_8).lines().forEach(raw -> {
                LogLine line = parseTimestamped(raw);
                if (line != null && line.time().isAfter(after)) {
                    lines.add(line);
                }
            });
        }
        lines.sort(Comparator.comparing(LogLine::time));
        return lines.size() > limit ? List.copyOf(lines.subList(lines.size() - limit, lines.size())) : lines;
    }

    /** {@code 2026-11-28T05:40:01.123456789Z text}, as the engine writes with time stamps; null for anything else. */
    static LogLine parseTimestamped(String raw) {
        int space = raw.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            return new LogLine(Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Stops the container with a grace period (SIGTERM first), then removes it. */
    @Override
    public void stopAndRemove(String id, int graceSeconds) {
        boolean interrupted = Thread.interrupted();
        try {
            try {
                engine.client().stopContainerCmd(id).withTimeout(graceSeconds).exec();
            } catch (NotFoundException | com.github.dockerjava.api.exception.NotModifiedException e) {
                // already stopped or gone
            }
            engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException e) {
            // already removed, or being removed by another call
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop(String id, int graceSeconds) {
        try {
            engine.client().stopContainerCmd(id).withTimeout(graceSeconds).exec();
        } catch (NotFoundException | com.github.dockerjava.api.exception.NotModifiedException e) {
            // already stopped or gone
        }
    }

    /**
     * The engine's die and oom events of the labelled containers. An oom event comes before its die: the
     * exit it precedes is reported as out of memory.
     */
    @Override
    public AutoCloseable exits(String label, String value, java.util.function.Consumer<Exit> onExit,
                               java.util.function.Consumer<Throwable> onBroken) {
        java.util.Set<String> outOfMemory = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ResultCallback.Adapter<com.github.dockerjava.api.model.Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Event event) {
                if (event.getId() == null) {
                    return;
                }
                if ("oom".equals(event.getAction()) || "oom".equals(event.getStatus())) {
                    outOfMemory.add(event.getId());
                    return;
                }
                Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                        ? Map.of() : event.getActor().getAttributes();
                Integer code = null;
                try {
                    code = attributes.containsKey("exitCode") ? Integer.valueOf(attributes.get("exitCode")) : null;
                } catch (NumberFormatException e) {
                    // left unknown
                }
                onExit.accept(new Exit(event.getId(), code, outOfMemory.remove(event.getId())));
            }

            @Override
            public void onError(Throwable error) {
                super.onError(error);
                onBroken.accept(error);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                onBroken.accept(new IOException("the engine's event stream ended"));
            }
        };
        engine.client().eventsCmd()
                .withEventTypeFilter(com.github.dockerjava.api.model.EventType.CONTAINER)
                .withEventFilter("die", "oom")
                .withLabelFilter(Map.of(label, value))
                .exec(callback);
        return callback;
    }

    /** Kills the container's process, as a crash would (the rehearsal then replaces it). */
    @Override
    public void kill(String id) {
        engine.client().killContainerCmd(id).exec();
    }

    private static long value(Long value) {
        return value == null ? 0 : value;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Start time of a container, for the tasks table. */
    public Instant startedAt(String id) {
        try {
            String started = engine.client().inspectContainerCmd(id).exec().getState().getStartedAt();
            return started == null ? Instant.now() : Instant.parse(started);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
