package dev.dockhand.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A connection to the local Docker engine (or a Docker-compatible one such as Podman). */
public final class DockerEngine implements AutoCloseable {

    private final DockerClient client;
    private final EngineLocator.Endpoint endpoint;

    private DockerEngine(DockerClient client, EngineLocator.Endpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** Connects to the engine {@link EngineLocator} finds, and checks that it answers. */
    public static DockerEngine connect() throws EngineUnavailableException {
        return connect(EngineLocator.fromSystem());
    }

    public static DockerEngine connect(EngineLocator locator) throws EngineUnavailableException {
        EngineLocator.Endpoint endpoint = locator.locate();
        DockerClient client;
        try {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(endpoint.host())
                    .build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .maxConnections(20)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build();
            client = DockerClientImpl.getInstance(config, http);
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new EngineUnavailableException(unavailable(endpoint, locator.candidates(), e), e);
        }
        return new DockerEngine(client, endpoint);
    }

    /**
     * Why the engine at {@code endpoint} did not answer, told apart as the user fixes them: no socket (not
     * running), a socket this user may not open (the docker group), or no answer on it.
     */
    static String unavailable(EngineLocator.Endpoint endpoint, List<EngineLocator.Endpoint> candidates, Throwable failure) {
        String where = endpoint.host() + " (" + endpoint.source() + ")";
        Path socket = endpoint.host().startsWith("unix://") ? Path.of(endpoint.host().substring("unix://".length())) : null;
        if (socket != null && (permissionDenied(failure) || Files.exists(socket) && !Files.isWritable(socket))) {
            return "Dockhand may not use the Docker engine's socket " + where + ": permission denied. Add your user to the "
                    + "docker group (sudo usermod -aG docker $USER, then log out and in again), or point DOCKER_HOST at a "
                    + "socket of your own (rootless Docker, Podman).";
        }
        // A setting that names a dead engine while another one runs: say which was tried, why, and the way to the other.
        var running = candidates.stream().filter(c -> !c.equals(endpoint) && c.host().startsWith("unix://")
                && Files.exists(Path.of(c.host().substring("unix://".length())))).findFirst();
        if (endpoint.fromSetting() && running.isPresent()) {
            return "No Docker engine answers at " + endpoint.host() + ", which " + endpoint.source() + " names"
                    + (socket != null && !Files.exists(socket) ? " (there is no socket there)" : " (" + rootMessage(failure) + ")")
                    + ". An engine's socket is at " + running.get().host() + " (" + running.get().source() + "): "
                    + ("DOCKER_HOST".equals(endpoint.source()) ? "unset DOCKER_HOST to use it" : "switch the Docker context to use it")
                    + ", or start the engine " + endpoint.source() + " names.";
        }
        String tried = candidates.stream().map(c -> c.host() + " (" + c.source() + ")").limit(4).collect(Collectors.joining(", "));
        String start = ": start Docker Desktop, Podman or the Docker service (sudo systemctl start docker), or set DOCKER_HOST. "
                + "Looked at: " + tried + ".";
        if (socket != null && !Files.exists(socket)) {
            return "Docker is not running: there is no engine socket at " + where + start;
        }
        return "Docker does not answer at " + where + " (" + rootMessage(failure) + ")" + start;
    }

    private static boolean permissionDenied(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.AccessDeniedException
                    || t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    }

    /** True while the engine answers a ping: tells a failed build from an engine that went away. */
    public boolean answers() {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public DockerClient client() {
        return client;
    }

    public EngineLocator.Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing a connection pool: nothing the user can do
        }
    }
}
