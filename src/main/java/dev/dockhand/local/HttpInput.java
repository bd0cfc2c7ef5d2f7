package dev.dockhand.local;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Arrays;

/**
 * A read buffer over a socket that finds message heads and relays bodies (fixed length, chunked,
 * until close) to an {@link HttpOutput} piece by piece, never holding a whole body. Before it blocks
 * on the socket it flushes the output it relays to, so streamed responses are not held back.
 */
final class HttpInput {

    static final int MAX_HEAD = 64 * 1024;

    private final InputStream in;
    private final ProxySocket owner;
    private final boolean fromClient;
    private byte[] buf;
    private int pos;
    private int lim;

    HttpInput(InputStream in, ProxySocket owner, int size, boolean fromClient) {
        this.in = in;
        this.owner = owner;
        this.buf = new byte[size];
        this.fromClient = fromClient;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int buffered() {
        return lim - pos;
    }

    void skip(int n) {
        pos += n;
    }

    /**
     * Reads up to and including the empty line that ends a head. Returns the head's length, counted from
     * {@link #position()}, or -1 when the peer closed the connection before sending a byte.
     */
    int readHead() throws IOException {
        int scanned = 0;
        while (true) {
            if (scanned == 0) { // tolerate empty lines before a message (RFC 9112 section 2.2)
                while (pos < lim && (buf[pos] == '\r' || buf[pos] == '\n')) {
                    pos++;
                }
            }
            int end = headEnd(pos + scanned);
            if (end >= 0) {
                owner.headSince = 0;
                return end - pos;
            }
            if (pos < lim && owner.headSince == 0) {
                owner.headSince = System.nanoTime(); // a head has begun: it must end within the header timeout
            }
            scanned = Math.max(0, lim - pos - 3); // the end marker may straddle the next read
            if (!fill(null)) {
                if (pos == lim) {
                    owner.headSince = 0;
                    return -1;
                }
                throw failure("connection closed inside a message head", null);
            }
        }
    }

    private int headEnd(int from) {
        for (int i = from; i < lim; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < lim && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < lim && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Copies exactly {@code n} bytes. */
    void copyTo(HttpOutput out, long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill(out)) {
                throw failure("connection closed inside a body", null);
            }
            int k = (int) Math.min(n, lim - pos);
            out.write(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    /** Copies everything until the peer closes the connection. */
    void copyToEof(HttpOutput out) throws IOException {
        while (pos < lim || fill(out)) {
            out.write(buf, pos, lim - pos);
            pos = lim;
        }
    }

    /**
     * Copies a chunked body up to and including its trailer section. With {@code keepFraming} the bytes
     * pass unchanged; without, only the data goes out (for HTTP/1.0 clients, which cannot read chunks).
     */
    void copyChunked(HttpOutput out, boolean keepFraming) throws IOException {
        while (true) {
            int len = readLine(out);
            long size = chunkSize(pos, len);
            pass(out, len, keepFraming);
            if (size == 0) {
                break;
            }
            copyTo(out, size);
            len = readLine(out);
            if (!isEmptyLine(pos, len)) {
                throw failure("chunk data longer than its size", null);
            }
            pass(out, len, keepFraming);
        }
        while (true) { // trailer fields, then the empty line
            int len = readLine(out);
            boolean last = isEmptyLine(pos, len);
            pass(out, len, keepFraming);
            if (last) {
                return;
            }
        }
    }

    private void pass(HttpOutput out, int len, boolean write) throws IOException {
        if (write) {
            out.write(buf, pos, len);
        }
        pos += len;
    }

    /** Returns the length of the next line including its LF, counted from {@link #position()}. */
    private int readLine(HttpOutput flushFirst) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i + 1 - pos;
                }
            }
            scanned = lim - pos;
            if (!fill(flushFirst)) {
                throw failure("connection closed inside a chunked body", null);
            }
        }
    }

    private boolean isEmptyLine(int off, int len) {
        return len == 1 || (len == 2 && buf[off] == '\r');
    }

    private long chunkSize(int off, int len) throws IOException {
        long size = 0;
        int i = off;
        int end = off + len;
        while (i < end && Character.digit(buf[i], 16) >= 0) {
            if (i - off == 15) {
                throw failure("chunk size too large", null);
            }
            size = size * 16 + Character.digit(buf[i], 16);
            i++;
        }
        byte next = buf[i]; // the line ends with LF, so i < end here
        if (i == off || (next != ';' && next != ' ' && next != '\t' && next != '\r' && next != '\n')) {
            throw failure("malformed chunk size", null);
        }
        return size;
    }

    /** Reads more bytes; returns false at end of stream. Flushes {@code flushFirst} because it may block. */
    private boolean fill(HttpOutput flushFirst) throws IOException {
        if (flushFirst != null) {
            flushFirst.flush();
        }
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == buf.length) {
            makeRoom();
        }
        int n;
        try {
            n = in.read(buf, lim, buf.length - lim);
        } catch (IOException e) {
            throw failure(e.getMessage(), e);
        }
        owner.touch();
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    private void makeRoom() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        } else if (buf.length < MAX_HEAD) { // only a long head or line gets here
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_HEAD));
        } else {
            throw new HeadTooLargeException();
        }
    }

    private IOException failure(String message, IOException cause) {
        if (fromClient) {
            return new ClientGoneException(message, cause);
        }
        if (cause != null) {
            return cause;
        }
        return message.startsWith("connection closed") ? new EOFException(message) : new ProtocolException(message);
    }
}
