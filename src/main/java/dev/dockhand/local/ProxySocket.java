package dev.dockhand.local;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;

/**
 * One TCP connection of the load balancer. It remembers when it last moved bytes so that the reaper
 * can close idle connections: the sockets stay in blocking mode without SO_TIMEOUT, which keeps a read
 * at one system call (a socket timeout makes every read non-blocking read + poll + read).
 */
abstract class ProxySocket implements Closeable {

    final Socket socket;
    /** System.nanoTime() of the last completed read or write. */
    volatile long lastIo = System.nanoTime();
    /** System.nanoTime() of the first byte of a message head still incomplete; 0 when none is being read. */
    volatile long headSince;
    /** Set by the reaper before it closes the socket, so the owner can tell a timeout from a failure. */
    volatile boolean reaped;

    ProxySocket(Socket socket) {
        this.socket = socket;
    }

    final void touch() {
        lastIo = System.nanoTime();
    }

    /** Called by the reaper: closing the socket wakes a thread blocked on it. */
    final void reap() {
        reaped = true;
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
