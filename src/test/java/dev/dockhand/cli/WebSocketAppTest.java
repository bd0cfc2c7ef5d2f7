package dev.dockhand.cli;

import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app with an upgrade listener (as every ws and Socket.IO app has), which drops any request that asks
 * to upgrade to something other than a WebSocket: its health path must be called as plain HTTP/1.1, by the
 * Test step and the rehearsal alike, and its WebSocket must work through the rehearsal's balancer.
 */
@Tag("docker")
class WebSocketAppTest {

    private static final String TAG = "ws-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path temp;

    private static Path project;

    private static Run dockhand(String... args) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                .timeoutSeconds(600).run(args);
    }

    @BeforeAll
    static void build() throws Exception {
        DockerCli.requireEngine();
        project = Fixtures.copy("node-websocket-chat", Files.createDirectories(temp.resolve("p")));
        Run dockerfile = dockhand("dockerfile", "--write", project.toString());
        assertThat(dockerfile.exitCode()).as(dockerfile.all()).isZero();
        // The build reaches the npm registry through the host's network, as this machine needs.
        Run build = dockhand("build", project.toString(), "--network", "host", "--tag", TAG);
        assertThat(build.exitCode()).as(build.all()).isZero();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (project != null) {
            dockhand("destroy", project.toString(), "--target", "local", "--yes");
        }
        DockerCli.docker("rmi", "-f", project.getFileName() + ":" + TAG);
    }

    @Test
    void theTestStepCallsTheHealthPathAsPlainHttp() throws Exception {
        Run test = dockhand("test", project.toString(), "--image", project.getFileName() + ":" + TAG);
        assertThat(test.exitCode()).as(test.all()).isZero();
        assertThat(test.out()).contains("Healthy: 200");
    }

    @Test
    void asARehearsalItTurnsHealthyAndItsWebSocketEchoesThroughTheBalancerAcrossHealthChecks() throws Exception {
        Run deploy = dockhand("deploy", project.toString(), "--target", "local", "--image", project.getFileName() + ":" + TAG,
                "--json", "--health-interval", "1", "--wait-timeout", "120");
        assertThat(deploy.exitCode()).as(deploy.all()).isZero();
        String url = deploy.lastJson().get("url").asText();

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(error.toString());
                    }
                }).get(20, TimeUnit.SECONDS);

        socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
        Thread.sleep(3_000); // three health check rounds at a 1 s interval
        socket.sendText("still there?", true).get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: still there?");
        assertThat(closed).as("the connection stayed open").isNotDone();

        Run status = dockhand("status", project.toString(), "--target", "local", "--json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        com.fasterxml.jackson.databind.JsonNode tasks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out()).get("tasks");
        assertThat(tasks).isNotEmpty().allSatisfy(task -> assertThat(task.get("health").asText()).isEqualTo("HEALTHY"));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}
