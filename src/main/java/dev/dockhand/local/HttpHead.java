package dev.dockhand.local;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed HTTP/1.x message head: the three parts of the start line and the header fields, as offsets
 * into the read buffer (no strings unless asked for). Valid until the buffer is read into again.
 */
final class HttpHead {

    private byte[] buf;
    /** Start and end of the start line's three parts: method, target, version / version, status, reason. */
    private final int[] parts = new int[6];
    private int count;
    private int[] nameStart = new int[16];
    private int[] nameEnd = new int[16];
    private int[] valueStart = new int[16];
    private int[] valueEnd = new int[16];

    /** Parses the head at {@code buf[off, off + len)}, which ends with an empty line; false if malformed. */
    boolean parse(byte[] bytes, int off, int len) {
        buf = bytes;
        count = 0;
        int end = off + len;
        int eol = indexOf('\n', off, end);
        int lineEnd = trimCr(off, eol);
        int sp1 = indexOf(' ', off, lineEnd);
        if (sp1 <= off) {
            return false;
        }
        int sp2 = indexOf(' ', sp1 + 1, lineEnd);
        parts[0] = off;
        parts[1] = sp1;
        parts[2] = sp1 + 1;
        parts[3] = sp2 < 0 ? lineEnd : sp2;
        parts[4] = sp2 < 0 ? lineEnd : sp2 + 1;
        parts[5] = lineEnd;
        if (parts[3] == parts[2]) {
            return false;
        }
        for (int p = eol + 1; p < end; ) {
            int nl = indexOf('\n', p, end);
            int ce = trimCr(p, nl);
            if (ce == p) {
                return true; // the empty line
            }
            if (!addField(p, ce)) {
                return false;
            }
            p = nl + 1;
        }
        return false;
    }

    private boolean addField(int start, int end) {
        int colon = indexOf(':', start, end);
        if (colon <= start) {
            return false; // also rejects obsolete line folding (a line starting with white space)
        }
        for (int i = start; i < colon; i++) {
            if (buf[i] <= ' ') {
                return false; // "Name :" is a request smuggling vector (RFC 9112 section 5.1)
            }
        }
        int vs = colon + 1;
        while (vs < end && (buf[vs] == ' ' || buf[vs] == '\t')) {
            vs++;
        }
        int ve = end;
        while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
            ve--;
        }
        if (count == nameStart.length) {
            nameStart = java.util.Arrays.copyOf(nameStart, count * 2);
            nameEnd = java.util.Arrays.copyOf(nameEnd, count * 2);
            valueStart = java.util.Arrays.copyOf(valueStart, count * 2);
            valueEnd = java.util.Arrays.copyOf(valueEnd, count * 2);
        }
        nameStart[count] = start;
        nameEnd[count] = colon;
        valueStart[count] = vs;
        valueEnd[count] = ve;
        count++;
        return true;
    }

    byte[] buffer() {
        return buf;
    }

    int fieldCount() {
        return count;
    }

    /** Start of field {@code i}'s line; the line without its trailing white space ends at {@link #valueEnd}. */
    int lineStart(int i) {
        return nameStart[i];
    }

    int valueStart(int i) {
        return valueStart[i];
    }

    int valueEnd(int i) {
        return valueEnd[i];
    }

    int partStart(int part) {
        return parts[part * 2];
    }

    int partEnd(int part) {
        return parts[part * 2 + 1];
    }

    String part(int part) {
        return string(partStart(part), partEnd(part));
    }

    boolean partIs(int part, byte[] ascii) {
        return regionIs(partStart(part), partEnd(part), ascii, false);
    }

    /** The status code of a response head, or -1 if the second part is not three digits. */
    int statusCode() {
        int s = partStart(1);
        if (partEnd(1) - s != 3) {
            return -1;
        }
        int code = 0;
        for (int i = s; i < s + 3; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return -1;
            }
            code = code * 10 + (buf[i] - '0');
        }
        return code;
    }

    /** Whether field {@code i}'s name is {@code lowerName}, ignoring case. */
    boolean nameIs(int i, byte[] lowerName) {
        return regionIs(nameStart[i], nameEnd[i], lowerName, true);
    }

    boolean nameIs(int i, String lowerName) {
        int len = nameEnd[i] - nameStart[i];
        if (len != lowerName.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (lower(buf[nameStart[i] + k]) != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    String value(int i) {
        return string(valueStart[i], valueEnd[i]);
    }

    /** Field {@code i}'s value as a non-negative decimal, or -1 if it is anything else. */
    long longValue(int i) {
        int s = valueStart[i];
        int e = valueEnd[i];
        if (e == s || e - s > 18) {
            return -1;
        }
        long v = 0;
        for (int k = s; k < e; k++) {
            if (buf[k] < '0' || buf[k] > '9') {
                return -1;
            }
            v = v * 10 + (buf[k] - '0');
        }
        return v;
    }

    /** Adds the comma-separated tokens of field {@code i}, lower-cased, to {@code into}. */
    void addTokens(int i, List<String> into) {
        int s = valueStart[i];
        int e = valueEnd[i];
        int k = s;
        while (k <= e) {
            int comma = indexOf(',', k, e);
            int te = comma < 0 ? e : comma;
            int ts = k;
            while (ts < te && (buf[ts] == ' ' || buf[ts] == '\t')) {
                ts++;
            }
            int tEnd = te;
            while (tEnd > ts && (buf[tEnd - 1] == ' ' || buf[tEnd - 1] == '\t')) {
                tEnd--;
            }
            if (tEnd > ts) {
                into.add(string(ts, tEnd).toLowerCase(java.util.Locale.ROOT));
            }
            k = te + 1;
        }
    }

    /** Whether the last comma-separated token of field {@code i} is {@code lowerToken}, ignoring case. */
    boolean lastTokenIs(int i, byte[] lowerToken) {
        int e = valueEnd[i];
        int s = e;
        while (s > valueStart[i] && buf[s - 1] != ',') {
            s--;
        }
        while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
            s++;
        }
        return regionIs(s, e, lowerToken, true);
    }

    private boolean regionIs(int s, int e, byte[] ascii, boolean ignoreCase) {
        if (e - s != ascii.length) {
            return false;
        }
        for (int k = 0; k < ascii.length; k++) {
            byte b = buf[s + k];
            if ((ignoreCase ? lower(b) : b) != ascii[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private String string(int s, int e) {
        return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int trimCr(int start, int lf) {
        return lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
