package dev.dockhand.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dockhand.docker.Containers;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.docker.EngineUnavailableException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The background process that keeps a local rehearsal running after {@code dockhand deploy --target
 * local} returns: it runs the {@link Rehearsal} and answers on a loopback control port
 * ({@code GET /status}, {@code POST /update?image=}, {@code POST /stop-task?task=}, {@code POST /desired?count=},
 * {@code POST /stop}). Where it listens is written to a state file that status and destroy read.
 */
public final class RehearsalDaemon {

    /** A rolling update: the new image and the configuration its replicas get. */
    public record Update(String image, java.util.List<String> environment) {
        @Override
        public String toString() {
            return "Update[" + image + "]";
        }
    }

    /**
     * The state file's content: enough for other processes to find and stop the rehearsal. {@code token}
     * authorises commands on the control port; the file is readable by the user only.
     */
    public record State(String name, long pid, String url, int controlPort, RehearsalSpec spec, String token,
                        java.time.Instant processStart, Long processStartTicks) {
        @Override
        public String toString() {
            return "State[" + name + ", pid " + pid + ", " + url + "]"; // never the token
        }
    }

    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /** Runs the rehearsal until it is told to stop; blocks. */
    public static void run(RehearsalSpec spec, Path stateFile, java.util.List<String> environment)
            throws IOException, EngineUnavailableException, InterruptedException {
        ObjectMapper json = json();
        CountDownLatch stop = new CountDownLatch(1);
        try (DockerEngine engine = DockerEngine.connect()) {
            Rehearsal rehearsal = new Rehearsal(new Containers(engine), spec, Clock.systemUTC(), environment);
            HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            control.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "dockhand-rehearsal-control");
                t.setDaemon(true);
                return t;
            }));
            String token = ControlGuard.newToken();
            ControlGuard guard = new ControlGuard(token, control.getAddress().getPort());
            control.createContext("/status", guarded(guard, false, exchange -> reply(exchange, 200,
                    json.writeValueAsBytes(rehearsal.snapshot()))));
            control.createContext("/update", guarded(guard, true, exchange -> {
                // The body, not the query: the configuration may hold secrets, which must not appear in a URL.
                Update update = json.readValue(exchange.getRequestBody(), Update.class);
                rehearsal.update(update.image(), update.environment() == null ? java.util.List.of() : update.environment());
                reply(exchange, 202, "{\"updating\":true}".getBytes(StandardCharsets.UTF_8));
            }));
            control.createContext("/stop-task", guarded(guard, true, exchange -> reply(exchange,
                    rehearsal.stopTask(query(exchange.getRequestURI(), "task")) ? 202 : 404, "{}".getBytes(StandardCharsets.UTF_8))));
            control.createContext("/desired", guarded(guard, true, exchange -> {
                rehearsal.setDesired(Integer.parseInt(query(exchange.getRequestURI(), "count")));
                reply(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
            }));
            control.createContext("/stop", guarded(guard, true, exchange -> {
                reply(exchange, 202, "{\"stopping\":true}".getBytes(StandardCharsets.UTF_8));
                stop.countDown();
            }));
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dockhand-rehearsal-shutdown"));
            rehearsal.start();
            control.start();
            // The start time lets another process tell this one from a later process that got the same pid.
            writeState(stateFile, new State(spec.name(), ProcessHandle.current().pid(), rehearsal.url(),
                    control.getAddress().getPort(), spec, token, ProcessHandle.current().info().startInstant().orElse(null),
                    ProcessStart.ticks(ProcessHandle.current().pid()).orElse(null)));
            stop.await();
            control.stop(0);
            rehearsal.close();
            Files.deleteIfExists(stateFile);
        }
    }

    private static com.sun.net.httpserver.HttpHandler guarded(ControlGuard guard, boolean changes,
                                                             com.sun.net.httpserver.HttpHandler handler) {
        return exchange -> {
            String refusal = guard.refusal(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst(ControlGuard.TOKEN_HEADER), changes);
            if (refusal != null) {
                exchange.getRequestBody().close();
                reply(exchange, 403, ("{\"refused\":\"" + refusal + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            handler.handle(exchange);
        };
    }

    /** Writes the state file readable by the user only (it holds the control token), in a folder only the user can enter. */
    static void writeState(Path file, State state) throws IOException {
        ownerOnlyDirectory(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        ownerOnlyFile(temp);
        json().writeValue(temp.toFile(), state);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String query(URI uri, String name) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }


    /** Creates {@code directory} (and its parents) if needed and makes it rwx for the user only, where POSIX allows. */
    public static void ownerOnlyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
        }
    }

    private static void ownerOnlyFile(Path file) throws IOException {
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
