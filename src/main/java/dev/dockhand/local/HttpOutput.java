package dev.dockhand.local;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A small unsynchronized write buffer over a socket: a response head and a small body leave in one
 * system call. Owned by one thread at a time.
 */
final class HttpOutput {

    private final OutputStream out;
    private final ProxySocket owner;
    private final byte[] buf;
    private int count;

    HttpOutput(OutputStream out, ProxySocket owner, int size) {
        this.out = out;
        this.owner = owner;
        this.buf = new byte[size];
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            flush();
            if (len >= buf.length) { // large piece: no point copying it
                out.write(b, off, len);
                owner.touch();
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Writes a string that is known to be ISO-8859-1 (status lines, header names, numbers). */
    void writeAscii(String s) throws IOException {
        if (s.length() > buf.length - count) {
            flush();
            if (s.length() > buf.length) {
                write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            buf[count++] = (byte) s.charAt(i);
        }
    }

    void flush() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
            owner.touch();
        }
    }
}
