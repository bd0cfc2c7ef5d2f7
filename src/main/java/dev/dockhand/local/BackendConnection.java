package dev.dockhand.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A keep-alive connection to one target, pooled by its {@link ProxyTarget} between requests. */
final class BackendConnection extends ProxySocket {

    private static final int BUFFER = 16 * 1024;

    private final LoadBalancer owner;
    HttpInput in;
    HttpOutput out;
    /** True while the TCP connect runs: the reaper gives it a shorter deadline. */
    volatile boolean connecting = true;
    /** System.nanoTime() when it went back into the pool. */
    long idleSince;

    BackendConnection(LoadBalancer owner) {
        super(new Socket());
        this.owner = owner;
    }

    /** Connects without a socket timeout (that would make the socket non-blocking); the reaper bounds it. */
    void connect(InetSocketAddress address) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(address);
        in = new HttpInput(socket.getInputStream(), this, BUFFER, false);
        out = new HttpOutput(socket.getOutputStream(), this, BUFFER);
        touch();
        connecting = false;
    }

    @Override
    public void close() {
        super.close();
        owner.forget(this);
    }
}
