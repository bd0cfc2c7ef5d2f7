package dev.dockhand.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load balancer against in-process backends on 127.0.0.1 that answer with their own name. */
@Timeout(60)
class LoadBalancerTest {

    static {
        // The JDK HttpServer leaves Nagle on: a response written in two pieces then waits for the
        // client's delayed ACK (about 40 ms a request). Speed only; read when HttpServer is first used.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final InetAddress LOOPBACK = loopback();
    private static final int BIG = 5 * 1024 * 1024;

    private final List<Backend> backends = new ArrayList<>();
    private final List<RawBackend> rawBackends = new ArrayList<>();
    private LoadBalancer lb;
    private HttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        lb = new LoadBalancer(0);
        lb.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void tearDown() {
        lb.close();
        backends.forEach(Backend::stop);
        rawBackends.forEach(RawBackend::close);
    }

    @Test
    void twoHealthyTargetsAnswerInTurn() throws Exception {
        addHealthy(backend("a"));
        addHealthy(backend("b"));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            answers.add(r.body());
        }

        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("answer %d of %s", i, answers).isNotEqualTo(answers.get(i - 1));
        }
        assertThat(lb.servedCounts()).containsEntry("a", 3L).containsEntry("b", 3L);
        assertThat(lb.healthyTargets()).containsExactly("a", "b");
    }

    @Test
    void anUnhealthyTargetGetsNothing() throws Exception {
        addHealthy(backend("a"));
        Backend b = backend("b");
        lb.addTarget("b", b.address());

        for (int i = 0; i < 5; i++) {
            assertThat(get("/").body()).isEqualTo("a");
        }
        lb.setHealthy("a", false);
        lb.setHealthy("b", true);
        assertThat(get("/").body()).isEqualTo("b");

        assertThat(b.requests()).isEqualTo(1);
        assertThat(lb.servedCounts()).containsEntry("a", 5L).containsEntry("b", 1L);
        assertThat(lb.healthyTargets()).containsExactly("b");
    }

    @Test
    void answers503WhenNoTargetIsHealthy() throws Exception {
        HttpResponse<String> none = get("/");
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("no healthy target");

        Backend a = backend("a");
        lb.addTarget("a", a.address()); // new targets start unhealthy
        assertThat(get("/").statusCode()).isEqualTo(503);
        assertThat(a.requests()).isZero();
        assertThat(lb.unavailableCount()).isEqualTo(2);

        lb.setHealthy("a", true); // the same keep-alive client works once a target is healthy
        assertThat(get("/").body()).isEqualTo("a");
    }

    @Test
    void answers502WhenTheTargetPortIsClosed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        lb.addTarget("gone", new InetSocketAddress(LOOPBACK, closedPort));
        lb.setHealthy("gone", true);

        HttpResponse<String> r = get("/");
        HttpResponse<String> post = client.send(request("/").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("Bad Gateway");
        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(lb.failedCounts()).containsEntry("gone", 2L);
        assertThat(lb.servedCounts()).containsEntry("gone", 0L);
        assertThat(lb.inFlight("gone")).isZero();
    }

    @Test
    void postBodiesArriveIntact() throws Exception {
        Backend a = addHealthy(backend("a"));
        byte[] body = randomBytes(300_000, 1);

        HttpResponse<byte[]> fixed = client.send(request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        // A body of unknown length goes out chunked over HTTP/1.1.
        HttpResponse<byte[]> chunked = client.send(request("/echo")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo(body);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(body);
        assertThat(a.seenHeader("transfer-encoding")).contains("chunked");
    }

    @Test
    void aChunkedBodyPassesVerbatimWithExtensionsAndTrailers() throws Exception {
        RawBackend raw = rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        try (Socket s = connect()) {
            write(s, "POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            RawResponse r = RawResponse.read(s.getInputStream());
            assertThat(r.status).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("ok");
        }
        String forwarded = raw.requests.poll(20, TimeUnit.SECONDS);
        assertThat(forwarded)
                .startsWith("POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n")
                .doesNotContain("Content-Length") // chunked wins; a second framing must not reach the target
                .endsWith("\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
    }

    @Test
    void expectContinueIsAnsweredByTheProxyAndInterimResponsesAreDropped() throws Exception {
        RawBackend raw = rawBackend("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone", false);
        try (Socket s = connect()) {
            write(s, "PUT /x HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            RawResponse interim = RawResponse.readHead(s.getInputStream());
            assertThat(interim.status).isEqualTo(100);
            write(s, "abc");
            RawResponse r = RawResponse.read(s.getInputStream());
            assertThat(r.status).isEqualTo(201);
            assertThat(r.bodyText()).isEqualTo("done");
        }
        assertThat(raw.requests.poll(20, TimeUnit.SECONDS)).doesNotContainIgnoringCase("expect").endsWith("\r\n\r\nabc");
    }

    @Test
    void aResponseWithoutLengthIsReadUntilCloseAndEndsTheClientConnection() throws Exception {
        rawBackend("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", true);
        try (Socket s = connect()) {
            write(s, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            RawResponse r = RawResponse.read(s.getInputStream());
            assertThat(r.headers).containsEntry("connection", "close");
            assertThat(r.bodyText()).isEqualTo("until the end");
        }
    }

    @Test
    void aPooledConnectionTheTargetClosedIsRetriedForGetButNotForPost() throws Exception {
        // The target answers as if keep-alive, then closes: the pooled connection is stale.
        RawBackend raw = rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
        assertThat(get("/").body()).isEqualTo("ok");
        raw.awaitClosed(1);
        assertThat(get("/").body()).isEqualTo("ok"); // stale connection, retried on a fresh one
        raw.awaitClosed(2);
        HttpResponse<String> post = client.send(request("/").POST(HttpRequest.BodyPublishers.ofString("once")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(raw.accepted.get()).isEqualTo(2); // the POST was not sent again
        assertThat(lb.failedCounts()).containsEntry("raw", 1L);
        assertThat(lb.servedCounts()).containsEntry("raw", 2L);
    }

    @Test
    void aFiveMegabyteResponseStreamsIntact() throws Exception {
        addHealthy(backend("a"));

        HttpResponse<byte[]> chunked = client.send(request("/big").build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> fixed = client.send(request("/big-fixed").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(sha256(chunked.body())).isEqualTo(sha256(Backend.BIG_BODY));
        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(fixed.headers().firstValueAsLong("content-length")).hasValue(BIG);
        assertThat(sha256(fixed.body())).isEqualTo(sha256(Backend.BIG_BODY));
    }

    @Test
    void anHttp10ClientGetsTheChunkedResponseDecodedAndTheConnectionClosed() throws Exception {
        addHealthy(backend("a"));
        try (Socket s = connect()) {
            write(s, "GET /big HTTP/1.0\r\n\r\n");
            RawResponse r = RawResponse.read(s.getInputStream());
            assertThat(r.status).isEqualTo(200);
            assertThat(r.headers).doesNotContainKey("transfer-encoding").containsEntry("connection", "close");
            assertThat(sha256(r.body)).isEqualTo(sha256(Backend.BIG_BODY));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void forwardsHostAndAddsForwardedFields() throws Exception {
        Backend a = addHealthy(backend("a"));

        client.send(request("/").header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(a.seenHeader("host")).isEqualTo("127.0.0.1:" + lb.port());
        assertThat(a.seenHeader("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(a.seenHeader("x-forwarded-proto")).isEqualTo("http");
        assertThat(a.seenHeader("x-forwarded-port")).isEqualTo(String.valueOf(lb.port()));

        try (Socket s = connect()) { // an earlier proxy's X-Forwarded-For is extended
            write(s, "GET / HTTP/1.1\r\nHost: example.test\r\nX-Forwarded-For: 10.0.0.7\r\nConnection: close\r\n\r\n");
            assertThat(RawResponse.read(s.getInputStream()).bodyText()).isEqualTo("a");
        }
        assertThat(a.seenHeader("host")).isEqualTo("example.test");
        assertThat(a.seenHeader("x-forwarded-for")).isEqualTo("10.0.0.7, 127.0.0.1");
        assertThat(a.seenHeader("connection")).isNull();
    }

    @Test
    void addsAnAlbStyleTraceIdAndKeepsOneTheClientSent() throws Exception {
        Backend a = addHealthy(backend("a"));

        client.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(a.seenHeader("x-amzn-trace-id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        String first = a.seenHeader("x-amzn-trace-id");
        client.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(a.seenHeader("x-amzn-trace-id")).as("one per request").isNotEqualTo(first);

        client.send(request("/").header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(a.seenHeader("x-amzn-trace-id")).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
    }

    @Test
    void aWebSocketPassesThroughEchoesAndIsClosedOnlyWhenIdleForTheTimeout() throws Exception {
        lb.close();
        lb = new LoadBalancer(0, 16, Duration.ofMillis(800));
        lb.start();
        try (dev.dockhand.testing.WebSocketEcho echo = new dev.dockhand.testing.WebSocketEcho()) {
            lb.addTarget("ws", echo.address());
            lb.setHealthy("ws", true);
            java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            java.net.http.WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + lb.port() + "/chat"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                            received.add(data.toString());
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status, String reason) {
                            closed.complete(status);
                            return null;
                        }

                        @Override
                        public void onError(java.net.http.WebSocket ws, Throwable error) {
                            closed.complete(-1);
                        }
                    }).get(10, TimeUnit.SECONDS);

            Map<String, String> handshake = echo.handshakes.poll(5, TimeUnit.SECONDS);
            assertThat(handshake).containsEntry("upgrade", "websocket").containsKey("sec-websocket-key")
                    .containsKey("x-amzn-trace-id").containsEntry("x-forwarded-for", "127.0.0.1");
            // In use for longer than the idle timeout, a message every 300 ms: it stays open.
            for (int i = 0; i < 5; i++) {
                socket.sendText("hello " + i, true).get(5, TimeUnit.SECONDS);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello " + i);
                Thread.sleep(300);
            }
            assertThat(closed).isNotDone();
            assertThat(get("/").statusCode()).as("plain requests to the same target meanwhile").isEqualTo(200);

            // Silent for the idle timeout: the balancer closes it, as an ALB does.
            assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(lb.servedCounts()).containsEntry("ws", 2L); // the tunnel is one request
        }
    }

    @Test
    void anH2cUpgradeIsNotForwardedAndGetsAPlainAnswer() throws Exception {
        RawBackend raw = rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        try (Socket s = connect()) {
            write(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
            assertThat(RawResponse.read(s.getInputStream()).bodyText()).isEqualTo("ok");
        }
        String forwarded = raw.requests.poll(5, TimeUnit.SECONDS);
        assertThat(forwarded.toLowerCase(java.util.Locale.ROOT)).doesNotContain("upgrade").doesNotContain("http2-settings");
    }

    @Test
    void keepAliveClientsWorkAcrossManyRequestsOnPooledBackendConnections() throws Exception {
        Backend a = addHealthy(backend("a"));
        Backend b = addHealthy(backend("b"));
        HttpClient http2Default = HttpClient.newHttpClient(); // offers an h2c upgrade, which must be ignored

        for (int i = 0; i < 200; i++) {
            HttpClient c = i % 2 == 0 ? client : http2Default;
            HttpResponse<String> r = c.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isIn("a", "b");
        }
        HttpResponse<Void> head = client.send(request("/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);

        assertThat(lb.servedCounts().get("a") + lb.servedCounts().get("b")).isEqualTo(201);
        // Sequential requests reuse one pooled connection per target (allow one for a race with the reaper).
        assertThat(a.connections()).isBetween(1, 2);
        assertThat(b.connections()).isBetween(1, 2);
    }

    @Test
    void aRawClientConnectionServesSeveralRequestsUntilConnectionClose() throws Exception {
        addHealthy(backend("a"));
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                write(s, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
                RawResponse r = RawResponse.read(in);
                assertThat(r.status).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("a");
                assertThat(r.headers).doesNotContainKey("connection");
            }
            write(s, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            RawResponse last = RawResponse.read(in);
            assertThat(last.headers).containsEntry("connection", "close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void drainLetsTheInFlightRequestFinishAndSendsNewOnesElsewhere() throws Exception {
        Backend a = addHealthy(backend("a"));
        addHealthy(backend("b"));
        lb.setHealthy("b", false); // so that the slow request surely goes to a
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/slow").build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> lb.inFlight("a") == 1);
        lb.setHealthy("b", true);

        AtomicBoolean slowDoneAtDrain = new AtomicBoolean();
        CompletableFuture<Void> drained = lb.drain("a", Duration.ofSeconds(30));
        CompletableFuture<Void> observed = drained.thenRun(() -> slowDoneAtDrain.set(a.slowAnswered.get()));

        assertThat(drained).isNotDone();
        assertThat(lb.healthyTargets()).containsExactly("b");
        for (int i = 0; i < 4; i++) {
            assertThat(get("/").body()).isEqualTo("b");
        }
        assertThat(drained).isNotDone();
        assertThat(lb.inFlight("a")).isEqualTo(1);
        a.slowGate.countDown();

        HttpResponse<String> slowResponse = slow.get(20, TimeUnit.SECONDS);
        assertThat(slowResponse.statusCode()).isEqualTo(200);
        assertThat(slowResponse.body()).isEqualTo("a");
        observed.get(20, TimeUnit.SECONDS);
        assertThat(slowDoneAtDrain).isTrue();
        assertThat(lb.inFlight("a")).isZero();
        assertThat(lb.servedCounts()).containsEntry("a", 1L).containsEntry("b", 4L);
        assertThat(lb.drain("a", Duration.ZERO)).isDone(); // gone already
    }

    @Test
    void drainWithoutRequestsInFlightCompletesAtOnceAndTheTimeoutCutsAWaitShort() throws Exception {
        Backend a = addHealthy(backend("a"));
        addHealthy(backend("b"));
        assertThat(lb.drain("b", Duration.ofMinutes(5))).isDone();

        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/slow").build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> lb.inFlight("a") == 1);
        CompletableFuture<Void> drained = lb.drain("a", Duration.ZERO);
        drained.get(20, TimeUnit.SECONDS); // the timeout passed; the request is still running
        assertThat(lb.healthyTargets()).isEmpty();
        assertThat(slow).isNotDone();
        a.slowGate.countDown();

        HttpResponse<String> r = slow.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200); // not cut off by the removal
        assertThat(get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void idleConnectionsAreClosedAndASilentTargetGets504() throws Exception {
        lb.close();
        lb = new LoadBalancer(0, 16, Duration.ofMillis(200));
        lb.start();
        rawBackend(null, false);

        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(lb.failedCounts()).containsEntry("raw", 1L);
        try (Socket idle = connect()) { // a client that never sends a byte is closed, not kept forever
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestHeadSentAByteAtATimeIsCutOffAfterTheTimeoutThoughTheConnectionNeverIdles() throws Exception {
        lb.close();
        lb = new LoadBalancer(0, 16, Duration.ofMillis(300));
        lb.start();
        rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);

        try (Socket slow = connect()) {
            slow.setSoTimeout(10_000);
            byte[] head = "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            boolean cutOff = false;
            // One byte every 100 ms: never idle for the 300 ms timeout, but the head never ends either.
            for (int i = 0; i < 60 && !cutOff; i++) {
                try {
                    slow.getOutputStream().write(head[Math.min(i, head.length - 1)]);
                    slow.getOutputStream().flush();
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    cutOff = true; // the balancer closed it: the write saw a reset
                }
            }
            assertThat(cutOff).as("the balancer closed the connection while the head was still arriving").isTrue();
        }
        assertThat(get("/").statusCode()).as("other clients are served meanwhile").isEqualTo(200);
    }

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        lb.close();
        lb = new LoadBalancer(0, 1, Duration.ofSeconds(60));
        lb.start();
        addHealthy(backend("a"));
        try (Socket first = connect(); Socket second = connect()) {
            write(first, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(RawResponse.read(first.getInputStream()).bodyText()).isEqualTo("a"); // holds the only worker
            RawResponse refused = RawResponse.read(second.getInputStream());
            assertThat(refused.status).isEqualTo(503);
            assertThat(refused.bodyText()).contains("too many connections");
        }
    }

    @Test
    void closeLeavesNoProxyThreadsRunning() throws Exception {
        addHealthy(backend("a"));
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // several idle keep-alive connections, each holding a worker
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            clients.add(c);
            assertThat(c.send(request("/").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/slow").build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> lb.inFlight("a") == 1);
        CompletableFuture<Void> drained = lb.drain("a", Duration.ofMinutes(5)); // a pending timer task
        String prefix = "dockhand-lb-" + lb.port() + "-";
        assertThat(proxyThreads(prefix)).hasSizeGreaterThanOrEqualTo(6); // acceptor, timer, 5 workers

        lb.close();

        assertThat(proxyThreads(prefix)).isEmpty();
        assertThat(drained).isDone();
        assertThat(slow).failsWithin(Duration.ofSeconds(20)); // its connection was closed
        try (Socket s = new Socket()) {
            assertThat(connectRefused(s)).isTrue();
        }
    }

    // ---- helpers ----

    private boolean connectRefused(Socket s) {
        try {
            s.connect(new InetSocketAddress(LOOPBACK, lb.port()), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> proxyThreads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private Backend backend(String name) throws IOException {
        Backend b = new Backend(name);
        backends.add(b);
        return b;
    }

    private RawBackend rawBackend(String response, boolean closeAfterResponse) throws IOException {
        RawBackend raw = new RawBackend(response, closeAfterResponse);
        rawBackends.add(raw);
        lb.addTarget("raw", raw.address());
        lb.setHealthy("raw", true);
        return raw;
    }

    private Backend addHealthy(Backend b) {
        lb.addTarget(b.name, b.address());
        lb.setHealthy(b.name, true);
        return b;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + path)).timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(LOOPBACK, lb.port());
        s.setSoTimeout(20_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An in-process HTTP server on 127.0.0.1 that answers with its name. */
    static final class Backend {

        static final byte[] BIG_BODY = randomBytes(BIG, 5);

        final String name;
        final AtomicBoolean slowAnswered = new AtomicBoolean();
        /** "/slow" sleeps 1 s, then waits for this gate (at most 10 s), so tests do not race the clock. */
        final java.util.concurrent.CountDownLatch slowGate = new java.util.concurrent.CountDownLatch(1);
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-backend");
            t.setDaemon(true);
            return t;
        });
        private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
        private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        Backend(String name) throws IOException {
            this.name = name;
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, server.getAddress().getPort());
        }

        int requests() {
            return requests.get();
        }

        int connections() {
            return new HashSet<>(peers).size();
        }

        String seenHeader(String lowerName) {
            return lastHeaders.get(lowerName);
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }

        private void handle(HttpExchange ex) throws IOException {
            requests.incrementAndGet();
            peers.add(ex.getRemoteAddress());
            Map<String, String> seen = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            lastHeaders.clear();
            lastHeaders.putAll(seen);
            byte[] requestBody;
            try (InputStream in = ex.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            byte[] body = switch (path) {
                case "/echo" -> requestBody;
                case "/big", "/big-fixed" -> BIG_BODY;
                case "/slow" -> {
                    sleep(1000);
                    try {
                        slowGate.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    slowAnswered.set(true); // before the answer leaves, so a drain cannot finish earlier
                    yield name.getBytes(StandardCharsets.UTF_8);
                }
                default -> name.getBytes(StandardCharsets.UTF_8);
            };
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                ex.close();
                return;
            }
            // 0 means chunked for HttpServer, -1 no body.
            ex.sendResponseHeaders(200, path.equals("/big") ? 0 : body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < body.length; off += 64 * 1024) { // several writes, so chunks for /big
                    out.write(body, off, Math.min(64 * 1024, body.length - off));
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A response read from a raw socket: Content-Length, chunked or until close. */
    static final class RawResponse {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        static RawResponse readHead(InputStream in) throws IOException {
            RawResponse r = new RawResponse();
            String statusLine = line(in);
            r.status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                r.headers.put(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim());
            }
            return r;
        }

        static RawResponse read(InputStream in) throws IOException {
            RawResponse r = readHead(in);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(r.headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).split(";")[0], 16); size > 0; size = Integer.parseInt(line(in).split(";")[0], 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                while (!line(in).isEmpty()) {
                    // trailers
                }
            } else if (r.headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(r.headers.get("content-length"))));
            } else {
                body.write(in.readAllBytes());
            }
            r.body = body.toByteArray();
            return r;
        }

        static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("closed inside a line");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    /** A target on a plain socket: records each request's bytes as received and sends a fixed answer (null: none). */
    static final class RawBackend implements AutoCloseable {

        final java.util.concurrent.BlockingQueue<String> requests = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        private final ServerSocket server;
        private final byte[] response;
        private final boolean closeAfterResponse;
        private final Thread thread;

        RawBackend(String response, boolean closeAfterResponse) throws IOException {
            this.server = new ServerSocket(0, 50, LOOPBACK);
            this.response = response == null ? null : response.getBytes(StandardCharsets.ISO_8859_1);
            this.closeAfterResponse = closeAfterResponse;
            this.thread = new Thread(this::serve, "test-raw-backend");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, server.getLocalPort());
        }

        void awaitClosed(int count) throws InterruptedException {
            awaitTrue(() -> closed.get() >= count);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    do {
                        String request = readRequest(in);
                        if (request == null) {
                            break;
                        }
                        requests.add(request);
                        if (response == null) { // a target that never answers: wait until the proxy gives up
                            in.readAllBytes();
                            break;
                        }
                        s.getOutputStream().write(response);
                        s.getOutputStream().flush();
                    } while (!closeAfterResponse);
                } catch (IOException e) {
                    // next connection
                } finally {
                    closed.incrementAndGet();
                }
            }
        }

        /** One request as raw text, or null when the connection closed first. */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder raw = new StringBuilder();
            String first = lineOrNull(in);
            if (first == null) {
                return null;
            }
            raw.append(first).append("\r\n");
            long length = 0;
            boolean chunked = false;
            for (String l = RawResponse.line(in); !l.isEmpty(); l = RawResponse.line(in)) {
                raw.append(l).append("\r\n");
                String lower = l.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            raw.append("\r\n");
            if (chunked) {
                while (true) {
                    String sizeLine = RawResponse.line(in);
                    raw.append(sizeLine).append("\r\n");
                    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    raw.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
                    raw.append(RawResponse.line(in)).append("\r\n");
                }
                for (String l = RawResponse.line(in); ; l = RawResponse.line(in)) {
                    raw.append(l).append("\r\n");
                    if (l.isEmpty()) {
                        break;
                    }
                }
            } else {
                raw.append(new String(in.readNBytes((int) length), StandardCharsets.ISO_8859_1));
            }
            return raw.toString();
        }

        private static String lineOrNull(InputStream in) throws IOException {
            try {
                return RawResponse.line(in);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
