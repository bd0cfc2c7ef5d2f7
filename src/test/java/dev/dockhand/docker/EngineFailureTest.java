package dev.dockhand.docker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How an engine fault reads to the user. The engine here is a stand-in that speaks the Docker API over TCP
 * (ping, a build stream) and can go away mid-build the way a stopped daemon does: the build stream ends
 * with a killed step and nothing answers after it.
 */
class EngineFailureTest {

    @TempDir
    Path temp;

    private HttpServer server;
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile boolean stopAfterBuild;

    @BeforeEach
    void engine() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        Files.writeString(temp.resolve("Dockerfile"), "FROM node:20\nRUN npm ci\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (gone.get()) {
            exchange.close(); // no status line: the connection just ends, as with a daemon that is gone
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/_ping")) {
            reply(exchange, "text/plain", "OK");
        } else if (path.endsWith("/build")) {
            reply(exchange, "application/json", """
                    {"stream":"Step 1/2 : FROM node:20\\n"}
                    {"stream":"Step 2/2 : RUN npm ci\\n"}
                    {"errorDetail":{"code":137,"message":"The command '/bin/sh -c npm ci' returned a non-zero code: 137"},\
                    "error":"The command '/bin/sh -c npm ci' returned a non-zero code: 137"}
                    """);
            gone.set(stopAfterBuild);
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Api-Version", "1.45");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private DockerEngine connect() throws EngineUnavailableException {
        return DockerEngine.connect(new EngineLocator(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + server.getAddress().getPort()),
                temp.resolve("home")));
    }

    @Test
    void anEngineThatStopsDuringTheBuildIsNamedAsTheCauseNotTheStepsExitCode() throws Exception {
        stopAfterBuild = true;
        try (DockerEngine engine = connect()) {
            assertThatThrownBy(() -> new ImageBuilder(engine).build(temp, "shop:v1", new BuildListener() { }))
                    .isInstanceOf(BuildFailedException.class)
                    .hasMessageStartingWith("The Docker engine stopped during the build: it no longer answers at tcp://127.0.0.1:")
                    .hasMessageContaining("Start it again, then build again")
                    .hasMessageContaining("returned a non-zero code: 137")
                    .hasMessageContaining("Step 2/2 : RUN npm ci");
        }
    }

    @Test
    void aStepKilledWhileTheEngineStillAnswersIsAFailedBuild() throws Exception {
        try (DockerEngine engine = connect()) {
            assertThatThrownBy(() -> new ImageBuilder(engine).build(temp, "shop:v1", new BuildListener() { }))
                    .isInstanceOf(BuildFailedException.class)
                    .hasMessageStartingWith("The build failed: The command '/bin/sh -c npm ci' returned a non-zero code: 137")
                    .hasMessageNotContaining("stopped");
        }
    }

    @Test
    void noSocketIsNotRunningAndAnUnansweredOneSaysWhatHappened() throws Exception {
        EngineLocator.Endpoint missing = new EngineLocator.Endpoint("unix://" + temp.resolve("docker.sock"), "DOCKER_HOST");
        assertThat(DockerEngine.unavailable(missing, List.of(missing), new RuntimeException("java.io.IOException: No such file")))
                .startsWith("Docker is not running: there is no engine socket at unix://" + temp.resolve("docker.sock"))
                .contains("sudo systemctl start docker").contains("Looked at:");

        EngineLocator.Endpoint tcp = new EngineLocator.Endpoint("tcp://127.0.0.1:1", "DOCKER_HOST");
        assertThat(DockerEngine.unavailable(tcp, List.of(tcp), new RuntimeException("wrapped", new java.net.ConnectException("Connection refused"))))
                .startsWith("Docker does not answer at tcp://127.0.0.1:1 (DOCKER_HOST) (Connection refused)");

        Path socket = Files.createFile(temp.resolve("present.sock"));
        EngineLocator.Endpoint denied = new EngineLocator.Endpoint("unix://" + socket, "default socket of Docker Engine");
        assertThat(DockerEngine.unavailable(denied, List.of(denied),
                new RuntimeException(new IOException("com.sun.jna.LastErrorException: [13] Permission denied"))))
                .startsWith("Dockhand may not use the Docker engine's socket unix://" + socket)
                .contains("sudo usermod -aG docker $USER").doesNotContain("not running");
    }
}
