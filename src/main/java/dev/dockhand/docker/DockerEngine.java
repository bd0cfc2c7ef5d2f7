package dev.dockhand.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.time.Duration;
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
            String tried = locator.candidates().stream().map(c -> c.host() + " (" + c.source() + ")")
                    .limit(4).collect(Collectors.joining(", "));
            throw new EngineUnavailableException("Docker is not running or cannot be reached at " + endpoint.host()
                    + " (" + endpoint.source() + "): start Docker Desktop, Podman or the Docker service, or set "
                    + "DOCKER_HOST. Looked at: " + tried + ".", e);
        }
        return new DockerEngine(client, endpoint);
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
