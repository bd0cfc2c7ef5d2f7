package dev.dockhand.pipeline;

import dev.dockhand.docker.Containers;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.docker.EngineUnavailableException;
import dev.dockhand.local.LoadGenerator;
import dev.dockhand.local.RehearsalLogs;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ServiceSnapshot;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A local rehearsal as the monitoring window watches it: its state from the rehearsal's background process, its
 * replicas' logs from the Docker engine (connected when the log is first followed).
 */
final class LocalServiceWatch implements ServiceWatch {

    private final String name;
    private final LocalSteps steps = new LocalSteps();
    private DockerEngine engine;
    private RehearsalLogs logs;

    LocalServiceWatch(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name + " (local rehearsal)";
    }

    @Override
    public Duration period() {
        return Duration.ofSeconds(2);
    }

    @Override
    public ServiceSnapshot poll() throws StepException {
        return steps.status(name);
    }

    @Override
    public void setDesired(int count) throws StepException {
        steps.setDesired(name, count);
    }

    @Override
    public void stopTask(String taskId) throws StepException {
        steps.stopTask(name, taskId);
    }

    @Override
    public Duration chartWindow() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Set<Action> actions() {
        return EnumSet.of(Action.DELETE, Action.LOGS, Action.LOAD);
    }

    @Override
    public LoadGenerator.Report generateLoad(String path, Duration duration, int clients, Consumer<LoadGenerator.Progress> progress)
            throws StepException {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ')) {
            throw new StepException("The load's path must start with / and have no spaces, e.g. /api/items.", null, true);
        }
        String url = steps.status(name).url();
        try {
            return LoadGenerator.run(java.net.URI.create(url + path), duration, clients, progress);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw StepException.failed("Cannot send load to " + url + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String deleteWhat() {
        return "the local rehearsal " + name + " and its containers";
    }

    @Override
    public String delete(Deletion deletion, Consumer<String> progress) throws StepException {
        progress.accept("Stopping the rehearsal " + name);
        int removed = steps.destroy(name, Duration.ofSeconds(90));
        return "Stopped the rehearsal " + name + (removed > 0 ? "; removed " + removed + " container(s) left over." : ".");
    }

    @Override
    public List<LogLine> newLogLines() throws StepException {
        try {
            return logs().newLines();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (RuntimeException e) {
            throw StepException.failed("Cannot read the replicas' logs from Docker: " + e.getMessage(), e);
        }
    }

    private synchronized RehearsalLogs logs() throws StepException {
        if (logs == null) {
            try {
                engine = DockerEngine.connect();
            } catch (EngineUnavailableException e) {
                throw StepException.failed(e.getMessage(), e);
            }
            logs = new RehearsalLogs(new Containers(engine), name);
        }
        return logs;
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
            engine = null;
            logs = null;
        }
    }
}
