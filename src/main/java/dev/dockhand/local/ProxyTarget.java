package dev.dockhand.local;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One registered backend: its state, counters and pool of idle keep-alive connections. */
final class ProxyTarget {

    /**
     * A pooled connection idle for longer is not reused: shorter than common backend keep-alive timeouts
     * (gunicorn 2 s, Node.js 5 s), so we rarely pick one the backend is closing at that moment.
     */
    static final long POOL_IDLE_NANOS = 1_000_000_000L;

    final String id;
    final InetSocketAddress address;
    final LongAdder served;
    final LongAdder failed;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean healthy;
    volatile boolean draining;
    volatile boolean removed;
    final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Guarded by the load balancer's lock. */
    ScheduledFuture<?> drainTimeout;
    /** Most recently used first, so the warm connections are reused and the rest age out. */
    private final ConcurrentLinkedDeque<BackendConnection> idle = new ConcurrentLinkedDeque<>();

    ProxyTarget(String id, InetSocketAddress address, LongAdder served, LongAdder failed) {
        this.id = id;
        this.address = address;
        this.served = served;
        this.failed = failed;
    }

    /** A pooled connection, or null if there is none fresh enough. */
    BackendConnection borrow() {
        long now = System.nanoTime();
        BackendConnection bc;
        while ((bc = idle.pollFirst()) != null) {
            if (now - bc.idleSince < POOL_IDLE_NANOS && !bc.reaped) {
                return bc;
            }
            bc.close();
        }
        return null;
    }

    void giveBack(BackendConnection bc) {
        bc.idleSince = System.nanoTime();
        idle.offerFirst(bc);
        if (removed && idle.remove(bc)) { // raced with removal: nobody would ever take it
            bc.close();
        }
    }

    /** Closes pooled connections idle for too long (called by the reaper). */
    void evictIdle(long now) {
        for (BackendConnection bc : idle) {
            if (now - bc.idleSince >= POOL_IDLE_NANOS && idle.remove(bc)) {
                bc.close();
            }
        }
    }

    void closeIdle() {
        BackendConnection bc;
        while ((bc = idle.pollFirst()) != null) {
            bc.close();
        }
    }
}
