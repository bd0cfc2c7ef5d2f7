package dev.dockhand.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One health check call to a replica; {@link #http()} sends it as the target group does. */
@FunctionalInterface
interface HealthProbe {

    /** True when the replica's health path on {@code hostPort} answered in time with a healthy status. */
    boolean passes(int hostPort, String path, Duration timeout) throws InterruptedException;

    /**
     * Plain HTTP/1.1 GET with ELB-HealthChecker's User-Agent and its timeout, passed when {@code matcher}
     * accepts the status. HTTP/1.1 on purpose:
     * Java's default offers {@code Upgrade: h2c}, which Next.js and WebSocket apps answer as an upgrade
     * instead of with the health route.
     */
    static HealthProbe http(dev.dockhand.docker.HttpCodes matcher) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        return (hostPort, path, timeout) -> {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + path))
                        .header("User-Agent", dev.dockhand.docker.LocalTrial.HEALTH_CHECKER).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return matcher.matches(response.statusCode());
            } catch (IOException e) {
                return false;
            }
        };
    }
}
