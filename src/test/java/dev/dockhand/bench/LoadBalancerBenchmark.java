package dev.dockhand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dockhand.local.LoadBalancer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of requests straight to a backend and through the {@link LoadBalancer}, measured
 * in the same run, interleaved in rounds so drift in machine load hits both alike. Targets: throughput
 * through the proxy at least 0.7 of direct, added median latency under 1 ms. Only 127.0.0.1 is used; every
 * phase is bounded in time and in request count. Run with
 * {@code mvn -Pbench verify -Dtest=LoadBalancerBenchmark}.
 */
@Tag("benchmark")
class LoadBalancerBenchmark {

    static {
        // The JDK HttpServer leaves Nagle on, so a response written in two pieces waits for the client's
        // delayed ACK (about 40 ms a request) and both modes would measure that instead of the proxy.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final int CLIENTS = 8;
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int ROUNDS = 4;
    private static final long ROUND_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_REQUESTS_PER_CLIENT_AND_PHASE = 200_000;
    private static final double TARGET_RATIO = 0.7;
    private static final double TARGET_ADDED_MEDIAN_MS = 1.0;
    private static final byte[] BODY = "hello from the backend\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void proxyKeepsThroughputAndAddsLittleLatency() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ExecutorService backendThreads = Executors.newFixedThreadPool(2);
        HttpServer backend = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        backend.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        backend.setExecutor(backendThreads);
        backend.start();
        try (LoadBalancer lb = new LoadBalancer(0)) {
            lb.start();
            lb.addTarget("backend", new InetSocketAddress(loopback, backend.getAddress().getPort()));
            lb.setHealthy("backend", true);
            URI direct = URI.create("http://127.0.0.1:" + backend.getAddress().getPort() + "/hello");
            URI proxied = URI.create("http://127.0.0.1:" + lb.port() + "/hello");

            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            }
            run(clients, direct, WARM_UP_NANOS); // warm-up: class loading, JIT, keep-alive connections
            run(clients, proxied, WARM_UP_NANOS);
            Result directResult = new Result();
            Result proxiedResult = new Result();
            for (int round = 0; round < ROUNDS; round++) {
                directResult.add(run(clients, direct, ROUND_NANOS));
                proxiedResult.add(run(clients, proxied, ROUND_NANOS));
            }
            Result singleDirect = run(clients.subList(0, 1), direct, ROUND_NANOS);
            Result singleProxied = run(clients.subList(0, 1), proxied, ROUND_NANOS);

            double ratio = proxiedResult.perSecond() / directResult.perSecond();
            double added = proxiedResult.percentileMs(50) - directResult.percentileMs(50);
            System.out.println();
            System.out.printf("Load balancer benchmark: %d keep-alive HTTP/1.1 clients, %d x %d s per mode (interleaved), "
                    + "backend HttpServer with 2 threads, %d cores%n", CLIENTS, ROUNDS, TimeUnit.NANOSECONDS.toSeconds(ROUND_NANOS),
                    Runtime.getRuntime().availableProcessors());
            print("direct", directResult);
            print("through LB", proxiedResult);
            System.out.printf("  throughput ratio %.3f   target >= %.1f   %s%n", ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "MET" : "NOT MET");
            System.out.printf("  added median latency %.3f ms   target < %.1f ms   %s%n", added, TARGET_ADDED_MEDIAN_MS,
                    added < TARGET_ADDED_MEDIAN_MS ? "MET" : "NOT MET");
            System.out.println("  one client alone (no queueing):");
            print("direct", singleDirect);
            print("through LB", singleProxied);
            System.out.printf("  added median latency, one client %.3f ms%n",
                    singleProxied.percentileMs(50) - singleDirect.percentileMs(50));
            System.out.printf("  served by the LB %,d, failed %s%n", lb.servedCounts().get("backend"), lb.failedCounts());

            assertThat(directResult.errors.get() + proxiedResult.errors.get()).as("requests that failed").isZero();
            assertThat(lb.failedCounts()).containsEntry("backend", 0L);
        } finally {
            backend.stop(0);
            backendThreads.shutdownNow();
        }
    }

    private static void print(String mode, Result r) {
        System.out.printf("  %-10s : %,9.0f req/s   median %.3f ms   p99 %.3f ms   (%,d requests)%n",
                mode, r.perSecond(), r.percentileMs(50), r.percentileMs(99), r.count());
    }

    /** One phase: every client sends requests back to back until the time is up or its count is reached. */
    private static Result run(List<HttpClient> clients, URI uri, long nanos) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        Result result = new Result();
        long[][] latencies = new long[clients.size()][];
        int[] counts = new int[clients.size()];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + nanos;
        for (int i = 0; i < clients.size(); i++) {
            int index = i;
            HttpClient client = clients.get(i);
            latencies[i] = new long[MAX_REQUESTS_PER_CLIENT_AND_PHASE];
            Thread t = new Thread(() -> {
                long[] mine = latencies[index];
                int n = 0;
                while (n < mine.length && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200 || response.body().length != BODY.length) {
                            result.errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        result.errors.incrementAndGet();
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                counts[index] = n;
            }, "bench-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(nanos) + 30_000);
        }
        result.elapsedNanos = System.nanoTime() - start;
        for (int i = 0; i < clients.size(); i++) {
            result.latencies.add(Arrays.copyOf(latencies[i], counts[i]));
        }
        return result;
    }

    private static final class Result {
        final List<long[]> latencies = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        long elapsedNanos;
        private long[] sorted;

        void add(Result other) {
            latencies.addAll(other.latencies);
            errors.addAndGet(other.errors.get());
            elapsedNanos += other.elapsedNanos;
            sorted = null;
        }

        long count() {
            return latencies.stream().mapToLong(l -> l.length).sum();
        }

        double perSecond() {
            return count() / (elapsedNanos / 1e9);
        }

        double percentileMs(double p) {
            if (sorted == null) {
                sorted = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
