package dev.dockhand.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (distribution 2.8) with htpasswd basic auth on a free loopback port: the
 * stand-in for a registry such as ECR, which also takes basic-auth tokens.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final String USER = "dockhand";
    public static final String PASSWORD = "s3cret-Pa55";

    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static LocalRegistry start(Path workDir) throws Exception {
        return start(workDir, USER, PASSWORD);
    }

    /** A registry that accepts {@code user} with {@code password}, e.g. ECR's "AWS" and a token. */
    public static LocalRegistry start(Path workDir, String user, String password) throws Exception {
        Path binary = Path.of("/usr/bin/docker-registry");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("docker-registry is not installed: apt-get install docker-registry apache2-utils");
        }
        Path htpasswd = workDir.resolve("htpasswd");
        Process hash = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
        String line = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (hash.waitFor() != 0) {
            throw new AssertionError("htpasswd failed: " + line);
        }
        Files.writeString(htpasswd, line + "\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = workDir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: dockhand-test
                    path: %s
                """.formatted(workDir.resolve("data"), port, htpasswd));
        Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new LocalRegistry(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("docker-registry exited: " + Files.readString(workDir.resolve("registry.log")));
                }
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("docker-registry did not start on port " + port);
    }

    /** "127.0.0.1:PORT", the registry part of image references. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
