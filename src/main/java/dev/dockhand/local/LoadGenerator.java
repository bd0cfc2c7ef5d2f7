package dev.dockhand.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load to watch a rehearsal scale: a fixed number of loopback clients for a fixed time (and
 * at most a fixed number of requests), then it stops by itself. It refuses any address that is not on
 * this machine's loopback interface.
 */
public final class LoadGenerator {

    /** What the load did: requests answered, failures, rate and latency percentiles. */
    public record Report(long requests, long failures, double perSecond, double p50Millis, double p99Millis) {
    }

    public static final long MAX_REQUESTS = 2_000_000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);

    private LoadGenerator() {
    }

    public static Report run(URI url, Duration duration, int clients) throws IOException, InterruptedException {
        requireLoopback(url);
        Duration bounded = duration.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : duration;
        int threads = Math.max(1, Math.min(64, clients));
        long deadline = System.nanoTime() + bounded.toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build();
                while (System.nanoTime() < deadline && sent.incrementAndGet() <= MAX_REQUESTS && !Thread.currentThread().isInterrupted()) {
                    long t0 = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status >= 500) {
                            failures.incrementAndGet();
                        }
                        if (latencies.size() < 200_000) {
                            latencies.add(System.nanoTime() - t0);
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(bounded.toSeconds() + 60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long requests = sorted.size();
        return new Report(requests, failures.get(), requests / seconds, percentile(sorted, 0.5), percentile(sorted, 0.99));
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    /** Load may only go to this machine: 127.0.0.0/8 or ::1. */
    static void requireLoopback(URI url) throws UnknownHostException {
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("The load target " + url + " has no host.");
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("The load generator only sends to this machine's loopback interface, not to "
                        + url.getHost() + ".");
            }
        }
    }
}
