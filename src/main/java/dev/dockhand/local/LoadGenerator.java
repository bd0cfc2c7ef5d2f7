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
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded load to watch a rehearsal scale: a fixed number of loopback clients for a fixed time (and
 * at most a fixed number of requests), then it stops by itself and says why. It refuses any address that
 * is not on this machine's loopback interface.
 */
public final class LoadGenerator {

    public static final int MAX_CLIENTS = 64;
    public static final long MAX_REQUESTS = 2_000_000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);
    /** Latencies kept for the percentiles: a sample once there are more requests. */
    private static final int LATENCY_SAMPLE = 200_000;

    /** Why the load ended. */
    public enum End {
        /** The time asked for (or the 30 min cap) ran out. */
        TIME,
        /** It reached {@link #MAX_REQUESTS}. */
        REQUEST_CAP,
        /** The caller stopped it (interrupted). */
        STOPPED
    }

    /** What the load did: requests answered, failures, rate, latency percentiles, and why it ended. */
    public record Report(long requests, long failures, double perSecond, double p50Millis, double p99Millis, End end) {

        /** One line for a person, naming the cap when one ended it. */
        public String describe() {
            String why = switch (end) {
                case TIME -> "";
                case REQUEST_CAP -> String.format(Locale.ROOT, "; stopped at the cap of %,d requests", MAX_REQUESTS);
                case STOPPED -> "; stopped before its time";
            };
            return String.format(Locale.ROOT, "%,d requests (%,d failed), %.0f per second, median %.1f ms, p99 %.1f ms%s",
                    requests, failures, perSecond, p50Millis, p99Millis, why);
        }
    }

    /** How far a running load is, about once a second. */
    public record Progress(long requests, long failures, Duration elapsed, Duration total) {
    }

    private LoadGenerator() {
    }

    public static Report run(URI url, Duration duration, int clients) throws IOException, InterruptedException {
        return run(url, duration, clients, progress -> { });
    }

    /**
     * Sends GETs from {@code clients} loopback clients (at most {@value #MAX_CLIENTS}) for {@code duration}
     * (at most 30 min, at most {@value #MAX_REQUESTS} requests in all). Interrupting the calling thread stops
     * it early: the report then says so.
     */
    public static Report run(URI url, Duration duration, int clients, Consumer<Progress> progress) throws IOException {
        requireLoopback(url);
        Duration bounded = duration.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : duration;
        int threads = Math.max(1, Math.min(MAX_CLIENTS, clients));
        long start = System.nanoTime();
        long deadline = start + bounded.toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "dockhand-load");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build();
                while (System.nanoTime() < deadline && sent.incrementAndGet() <= MAX_REQUESTS && !Thread.currentThread().isInterrupted()) {
                    long t0 = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        answered.incrementAndGet();
                        if (status >= 500) {
                            failures.incrementAndGet();
                        }
                        if (latencies.size() < LATENCY_SAMPLE) {
                            latencies.add(System.nanoTime() - t0);
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        End end = End.TIME;
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                progress.accept(new Progress(answered.get(), failures.get(), Duration.ofNanos(System.nanoTime() - start), bounded));
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            end = End.STOPPED;
        }
        if (end == End.TIME && sent.get() > MAX_REQUESTS) {
            end = End.REQUEST_CAP;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Report(answered.get(), failures.get(), answered.get() / seconds, percentile(sorted, 0.5), percentile(sorted, 0.99), end);
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
