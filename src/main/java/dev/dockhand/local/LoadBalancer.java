package dev.dockhand.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local stand-in for an application load balancer: an HTTP/1.1 reverse proxy on a loopback port
 * that spreads requests round robin (per request, not per connection) over the targets marked healthy.
 *
 * <p>Thread model: one acceptor thread; one worker thread per open client connection, from a bounded
 * pool ({@code maxConnections}, default 256; a connection beyond that gets 503 and is closed); one
 * timer thread that closes idle connections (default 60 s without a byte either way, like an ALB's idle
 * timeout; 5 s for a backend connect) and ends drain timeouts. All threads are daemons named
 * {@code dockhand-lb-<port>-...}; {@link #close()} stops and joins them.
 *
 * <p>Backend connections are kept alive and pooled per target, most recently used first; a pooled
 * connection idle for a second is closed. A request that fails on a pooled connection before any
 * response byte is retried once on a new connection if it is idempotent and has no body; otherwise
 * the client gets 502 (504 when the target stayed silent for the idle timeout).
 *
 * <p>As an ALB does, it adds {@code X-Forwarded-For/Proto/Port} and an {@code X-Amzn-Trace-Id} (kept when the
 * client sent one), forwards WebSocket handshakes and, after the target's 101, copies bytes both ways on a
 * second thread until either side closes or the tunnel idles out. Other upgrades (h2c) are not forwarded.
 */
public final class LoadBalancer implements AutoCloseable {

    static final int DEFAULT_MAX_CONNECTIONS = 256;
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MAX_REAP_PERIOD_MILLIS = 500;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int requestedPort;
    private final long idleTimeoutNanos;
    private final Object lock = new Object();
    /** Registration order; guarded by {@link #lock}. */
    private final Map<String, ProxyTarget> targets = new LinkedHashMap<>();
    /** The targets that take new requests, rebuilt on every change so picking one takes no lock. */
    private volatile ProxyTarget[] rotation = new ProxyTarget[0];
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final AtomicLong unavailable = new AtomicLong();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final Set<BackendConnection> backends = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private volatile String threadPrefix;
    private volatile boolean closed;
    private ServerSocket server;
    private Thread acceptor;
    private byte[] forwardedProtoAndPort;
    private byte[] hostLine;

    /**
     * A load balancer for {@code port} on 127.0.0.1 (0: any free port), up to 256 client connections,
     * closing connections idle for 60 s.
     */
    public LoadBalancer(int port) {
        this(port, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * @param maxConnections client connections served at once (one worker thread each); more get 503
     * @param idleTimeout a client or backend connection that moves no byte for this long is closed, like
     *     an ALB's idle timeout; a request whose target stays silent that long gets 504
     */
    public LoadBalancer(int port, int maxConnections, Duration idleTimeout) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout);
        }
        this.requestedPort = port;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.threadPrefix = "dockhand-lb-" + INSTANCES.incrementAndGet() + "-";
        ThreadFactory factory = this::newThread;
        // No queue: a connection either gets a thread now or is refused; threads die after 30 s unused.
        this.workers = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
        this.timer = new ScheduledThreadPoolExecutor(1, factory);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Binds 127.0.0.1 and starts accepting connections. */
    public void start() throws IOException {
        synchronized (lock) {
            if (closed || server != null) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true);
                // 127.0.0.1 from its bytes: no name lookup, and never another interface.
                s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), requestedPort), 512);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            server = s;
            int port = s.getLocalPort();
            threadPrefix = "dockhand-lb-" + port + "-";
            forwardedProtoAndPort = HttpHead.ascii("X-Forwarded-Proto: http\r\nX-Forwarded-Port: " + port + "\r\n");
            hostLine = HttpHead.ascii("Host: 127.0.0.1:" + port + "\r\n");
            acceptor = newThread(this::acceptLoop);
            acceptor.setName(threadPrefix + "accept");
            acceptor.start();
            long period = Math.max(10, Math.min(MAX_REAP_PERIOD_MILLIS, TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) / 4));
            timer.scheduleAtFixedRate(this::reap, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The bound port once started, else the port asked for. */
    public int port() {
        synchronized (lock) {
            return server != null ? server.getLocalPort() : requestedPort;
        }
    }

    /**
     * Registers a target; it gets no requests until {@link #setHealthy} marks it healthy. An unresolved
     * address is resolved here, once, so that no request waits for a name lookup.
     */
    public void addTarget(String id, InetSocketAddress address) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        InetSocketAddress resolved = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        if (resolved.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve " + address.getHostString());
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            ProxyTarget existing = targets.get(id);
            if (existing != null) {
                if (existing.address.equals(resolved) && !existing.draining) {
                    return;
                }
                throw new IllegalArgumentException("target " + id + " is already registered" + (existing.draining ? " and draining" : ""));
            }
            LongAdder servedCount = served.computeIfAbsent(id, k -> new LongAdder());
            LongAdder failedCount = failed.computeIfAbsent(id, k -> new LongAdder());
            targets.put(id, new ProxyTarget(id, resolved, servedCount, failedCount));
        }
    }

    /** Only healthy targets get new requests. Unknown ids (for example a target already drained) are ignored. */
    public void setHealthy(String id, boolean healthy) {
        synchronized (lock) {
            ProxyTarget t = targets.get(id);
            if (t != null && t.healthy != healthy) {
                t.healthy = healthy;
                rebuildRotation();
            }
        }
    }

    /**
     * Deregisters a target: it gets no new request from now on; the future completes (normally) once its
     * in-flight requests have finished or {@code timeout} has passed, and the target is removed by then.
     * Requests still running after the timeout are not cut off. Dependent actions may run on a proxy
     * thread; keep them short or use the *Async variants.
     */
    public CompletableFuture<Void> drain(String id, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        ProxyTarget t;
        synchronized (lock) {
            t = targets.get(id);
            if (t == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (t.draining) {
                return t.drained;
            }
            t.draining = true; // before reading inFlight: see acquire()
            rebuildRotation();
            if (t.inFlight.get() > 0 && !closed) {
                t.drainTimeout = timer.schedule(() -> finishDrain(t), Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
        }
        if (t.inFlight.get() == 0) {
            finishDrain(t);
        }
        return t.drained;
    }

    /**
     * Requests on their way to or from the target: counted from the moment the target is picked for a
     * request until its response has been fully relayed to the client (or the request failed).
     */
    public int inFlight(String id) {
        synchronized (lock) {
            ProxyTarget t = targets.get(id);
            return t == null ? 0 : t.inFlight.get();
        }
    }

    /** Responses received per target id, including targets drained since (sorted by id). */
    public Map<String, Long> servedCounts() {
        return snapshot(served);
    }

    /** Requests answered with 502 or 504 per target id: the target refused, failed or timed out. */
    public Map<String, Long> failedCounts() {
        return snapshot(failed);
    }

    /** Requests answered with 503 because no target was healthy. */
    public long unavailableCount() {
        return unavailable.get();
    }

    /** Ids of the targets that get new requests, in registration order. */
    public List<String> healthyTargets() {
        List<String> ids = new ArrayList<>();
        for (ProxyTarget t : rotation) {
            ids.add(t.id);
        }
        return Collections.unmodifiableList(ids);
    }

    /** Stops accepting, closes every client and backend connection, and waits for its threads to end. */
    @Override
    public void close() {
        List<ProxyTarget> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(targets.values());
            targets.clear();
            rotation = new ProxyTarget[0];
        }
        closeQuietly(server);
        timer.shutdownNow();
        workers.shutdown();
        clients.forEach(ClientConnection::close); // wakes the workers blocked on reads
        backends.forEach(BackendConnection::close);
        for (ProxyTarget t : all) {
            t.removed = true;
            t.closeIdle();
            t.drained.complete(null);
        }
        joinThreads();
    }

    // ---- used by the connections ----

    boolean isClosed() {
        return closed;
    }

    byte[] forwardedProtoAndPort() {
        return forwardedProtoAndPort;
    }

    byte[] hostLine() {
        return hostLine;
    }

    void countUnavailable() {
        unavailable.incrementAndGet();
    }

    /**
     * The next target in the rotation, with its in-flight count already raised; null if none is healthy.
     * The count goes up before the draining flag is read, and drain() sets the flag before it reads the
     * count, so a drain never misses a request that got past this check.
     */
    ProxyTarget acquire() {
        for (int attempt = 0; attempt < 8; attempt++) {
            ProxyTarget[] r = rotation;
            if (r.length == 0) {
                return null;
            }
            ProxyTarget t = r[(next.getAndIncrement() & Integer.MAX_VALUE) % r.length];
            t.inFlight.incrementAndGet();
            if (t.healthy && !t.draining) {
                return t;
            }
            release(t); // changed under us; the rotation is rebuilt already
        }
        return null;
    }

    /** Ends a request's in-flight time: its response has been relayed, or it failed. */
    void release(ProxyTarget t) {
        if (t.inFlight.decrementAndGet() == 0 && t.draining) {
            finishDrain(t);
        }
    }

    BackendConnection connect(ProxyTarget t) throws IOException {
        BackendConnection bc = new BackendConnection(this);
        backends.add(bc); // before connecting, so close() and the reaper can reach it
        try {
            if (closed) {
                throw new SocketException("load balancer closed");
            }
            bc.connect(t.address);
            return bc;
        } catch (IOException e) {
            bc.close();
            throw e;
        }
    }

    /** Runs the target-to-client half of a WebSocket tunnel on a thread of its own, ended by close() like the rest. */
    void startTunnel(Runnable copy) {
        Thread thread = newThread(copy);
        thread.setName(threadPrefix + "tunnel-" + threadNumber.get());
        thread.start();
    }

    void forget(ClientConnection c) {
        clients.remove(c);
    }

    void forget(BackendConnection bc) {
        backends.remove(bc);
    }

    // ---- internals ----

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                pause(); // e.g. out of file descriptors: do not spin
                continue;
            }
            dispatch(s);
        }
    }

    private void dispatch(Socket s) {
        ClientConnection c;
        try {
            s.setTcpNoDelay(true);
            c = new ClientConnection(this, s);
        } catch (IOException e) {
            closeQuietly(s);
            return;
        }
        clients.add(c);
        if (closed) { // close() may have gone over the set before the add
            c.close();
            return;
        }
        try {
            workers.execute(c);
        } catch (RejectedExecutionException e) {
            c.rejectBusy();
        }
    }

    private void finishDrain(ProxyTarget t) {
        synchronized (lock) {
            if (t.removed) {
                return;
            }
            t.removed = true;
            targets.remove(t.id, t);
            if (t.drainTimeout != null) {
                t.drainTimeout.cancel(false);
            }
        }
        t.closeIdle();
        t.drained.complete(null);
    }

    private void rebuildRotation() {
        rotation = targets.values().stream().filter(t -> t.healthy && !t.draining).toArray(ProxyTarget[]::new);
    }

    /**
     * Closes connections that moved no byte for too long or whose request head is not complete within
     * that time, and pooled ones idle for a second.
     */
    private void reap() {
        long now = System.nanoTime();
        for (ClientConnection c : clients) {
            long headSince = c.headSince;
            // A head sent a byte at a time never idles out: it must be complete within one idle timeout.
            if (!c.awaitingBackend && now - c.lastIo > idleTimeoutNanos || headSince != 0 && now - headSince > idleTimeoutNanos) {
                c.reap();
            }
        }
        for (BackendConnection bc : backends) {
            if (now - bc.lastIo > (bc.connecting ? CONNECT_TIMEOUT_NANOS : idleTimeoutNanos)) {
                bc.reap();
            }
        }
        List<ProxyTarget> all;
        synchronized (lock) {
            all = new ArrayList<>(targets.values());
        }
        for (ProxyTarget t : all) {
            t.evictIdle(now);
        }
    }

    /** Daemon threads, remembered until they have ended so that close() can join every one of them. */
    private Thread newThread(Runnable task) {
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        Thread thread = new Thread(task, threadPrefix + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    private void joinThreads() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        try {
            workers.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            for (Thread thread : new ArrayList<>(threads)) {
                long left = deadline - System.nanoTime();
                if (left > 0 && thread != Thread.currentThread()) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((id, count) -> copy.put(id, count.sum()));
        return Collections.unmodifiableMap(copy);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
