package dev.dockhand.local;

import static dev.dockhand.local.HttpHead.ascii;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection, served by one worker thread from its first request to its close: read a
 * request head, pick a target, forward head and body on a pooled backend connection, relay the
 * response. Doing it all on one thread avoids any handoff between threads, which is what keeps the
 * added latency in microseconds.
 */
final class ClientConnection extends ProxySocket implements Runnable {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    private static final int BUFFER = 16 * 1024;

    private static final byte[] HTTP_11 = ascii("HTTP/1.1");
    private static final byte[] HTTP_10 = ascii("HTTP/1.0");
    private static final byte[] SP_HTTP_11_CRLF = ascii(" HTTP/1.1\r\n");
    private static final byte[] HTTP_11_SP = ascii("HTTP/1.1 ");
    private static final byte[] SP = ascii(" ");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] CONNECTION_CLOSE_LINE = ascii("Connection: close\r\n");
    private static final byte[] CONTINUE_100 = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final String[] COMMON_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"};
    private static final byte[][] COMMON_METHOD_BYTES = java.util.Arrays.stream(COMMON_METHODS).map(HttpHead::ascii).toArray(byte[][]::new);

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] PROXY_CONNECTION = ascii("proxy-connection");
    private static final byte[] TE = ascii("te");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] EXPECT = ascii("expect");
    private static final byte[] HOST = ascii("host");
    private static final byte[] X_FORWARDED_FOR = ascii("x-forwarded-for");
    private static final byte[] X_FORWARDED_PROTO = ascii("x-forwarded-proto");
    private static final byte[] X_FORWARDED_PORT = ascii("x-forwarded-port");
    private static final byte[] X_AMZN_TRACE_ID = ascii("x-amzn-trace-id");
    private static final byte[] TRACE_ID_PREFIX = ascii("X-Amzn-Trace-Id: Root=1-");
    private static final byte[] WEBSOCKET_UPGRADE_LINES = ascii("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");

    /** What a header field is to the proxy. */
    private static final int OTHER = 0;
    private static final int LENGTH = 1;
    private static final int ENCODING = 2;
    private static final int CONNECTION_FIELD = 3;
    private static final int HOP_BY_HOP = 4;
    private static final int EXPECT_FIELD = 5;
    private static final int HOST_FIELD = 6;
    private static final int FORWARDED_FOR = 7;
    private static final int FORWARDED_OTHER = 8;
    private static final int UPGRADE_FIELD = 9;
    private static final int TRACE_FIELD = 10;

    /** How a response body is delimited. */
    private static final int NO_BODY = 0;
    private static final int FIXED = 1;
    private static final int CHUNKS = 2;
    private static final int UNTIL_CLOSE = 3;

    private final LoadBalancer lb;
    private final HttpInput in;
    private final HttpOutput out;
    private final String clientIp;
    private final byte[] forwardedForLine;
    private final HttpHead request = new HttpHead();
    private final HttpHead response = new HttpHead();
    private final ByteSink forwarded = new ByteSink(1024);
    private final List<String> connectionTokens = new ArrayList<>(4);
    private int[] kinds = new int[32];
    /** While the worker waits for a backend's answer, the idle client is not the one to time out. */
    volatile boolean awaitingBackend;

    // The request being served.
    private String method;
    private boolean http10;
    private boolean clientKeepAlive;
    private long bodyLength;
    private boolean bodyChunked;
    private boolean expectContinue;
    /** A WebSocket handshake: forwarded with its Upgrade, and a 101 turns the connection into a tunnel. */
    private boolean websocket;

    // Its response.
    private int responseHeadLength;
    private long responseLength;
    private boolean responseEncoded;
    private boolean responseChunked;
    private boolean backendKeepAlive;

    ClientConnection(LoadBalancer lb, Socket socket) throws IOException {
        super(socket);
        this.lb = lb;
        this.in = new HttpInput(socket.getInputStream(), this, BUFFER, true);
        this.out = new HttpOutput(socket.getOutputStream(), this, BUFFER);
        this.clientIp = socket.getInetAddress().getHostAddress(); // a literal: no DNS lookup
        this.forwardedForLine = ascii("X-Forwarded-For: " + clientIp + "\r\n");
    }

    @Override
    public void run() {
        try {
            while (!lb.isClosed() && serveOne()) {
                // next request on the same connection
            }
        } catch (IOException e) {
            // the client went away, idled out, or the load balancer closed: nothing to answer
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "load balancer connection failed", e);
        } finally {
            close();
        }
    }

    /** Answers a connection the worker pool has no thread for. */
    void rejectBusy() {
        try {
            method = "GET";
            sendError(503, "Service Unavailable", "too many connections", false);
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        super.close();
        lb.forget(this);
    }

    /** Serves one request; returns whether the connection stays open for another. */
    private boolean serveOne() throws IOException {
        int len;
        try {
            len = in.readHead();
        } catch (HeadTooLargeException e) {
            method = "GET";
            return sendError(431, "Request Header Fields Too Large", "request head too large", false);
        }
        if (len < 0) {
            return false;
        }
        method = "GET";
        int error = request.parse(in.buffer(), in.position(), len) ? analyzeRequest() : 400;
        in.skip(len);
        if (error != 0) {
            return sendError(error, error == 505 ? "HTTP Version Not Supported" : "Bad Request", "cannot forward this request", false);
        }
        boolean hasBody = bodyChunked || bodyLength > 0;
        ProxyTarget target = lb.acquire();
        if (target == null) {
            lb.countUnavailable();
            return sendError(503, "Service Unavailable", "no healthy target", clientKeepAlive && !hasBody);
        }
        try {
            if (expectContinue && hasBody) { // we answer it ourselves; the Expect field is not forwarded
                out.write(CONTINUE_100);
                out.flush();
            }
            return exchange(target, hasBody);
        } finally {
            lb.release(target);
        }
    }

    /** Forwards the request to {@code target} and relays its response. */
    private boolean exchange(ProxyTarget target, boolean hasBody) throws IOException {
        BackendConnection bc = target.borrow();
        boolean reused = bc != null;
        while (true) {
            try {
                if (bc == null) {
                    bc = lb.connect(target);
                }
                sendRequest(bc);
                awaitingBackend = true;
                readResponseHead(bc);
                awaitingBackend = false;
                break;
            } catch (ClientGoneException e) {
                if (bc != null) {
                    bc.close();
                }
                throw e;
            } catch (IOException e) {
                awaitingBackend = false;
                boolean timedOut = bc != null && bc.reaped;
                if (bc != null) {
                    bc.close();
                }
                if (reused && !hasBody && !timedOut && isIdempotent(method)) {
                    // a pooled connection the backend had just closed: safe to send once more, fresh
                    bc = null;
                    reused = false;
                    continue;
                }
                target.failed.increment();
                return timedOut
                        ? sendError(504, "Gateway Timeout", "the target did not answer in time", clientKeepAlive && !hasBody)
                        : sendError(502, "Bad Gateway", "the target did not answer", clientKeepAlive && !hasBody);
            }
        }
        target.served.increment();
        if (response.statusCode() == 101) {
            tunnel(bc);
            return false;
        }
        try {
            return relayResponse(target, bc);
        } catch (IOException | RuntimeException e) {
            bc.close();
            throw e;
        }
    }

    private void sendRequest(BackendConnection bc) throws IOException {
        bc.out.write(forwarded.array(), 0, forwarded.size());
        if (bodyChunked) {
            in.copyChunked(bc.out, true);
        } else if (bodyLength > 0) {
            in.copyTo(bc.out, bodyLength);
        }
        bc.out.flush();
    }

    /** Reads the final response head (interim 1xx responses are dropped) and checks its framing. */
    private void readResponseHead(BackendConnection bc) throws IOException {
        while (true) {
            int len = bc.in.readHead();
            if (len < 0) {
                throw new java.io.EOFException("the target closed the connection without answering");
            }
            if (!response.parse(bc.in.buffer(), bc.in.position(), len)) {
                throw new ProtocolException("malformed response head");
            }
            int status = response.statusCode();
            if (status == 101 && websocket) {
                responseHeadLength = len;
                return;
            }
            if (status < 100 || status == 101) {
                throw new ProtocolException("unexpected status line"); // 101 without a WebSocket handshake
            }
            if (status >= 200) {
                responseHeadLength = len;
                analyzeResponse();
                return;
            }
            bc.in.skip(len);
        }
    }

    /**
     * After the target switched protocols: its 101 head goes to the client as it is, then bytes are copied
     * both ways until either side closes (one long request, as an ALB counts it). The reaper still closes
     * the tunnel when no byte moves for the idle timeout, as an ALB does.
     */
    private void tunnel(BackendConnection bc) throws IOException {
        try {
            out.write(bc.in.buffer(), bc.in.position(), responseHeadLength);
            bc.in.skip(responseHeadLength);
            out.flush();
            lb.startTunnel(() -> {
                try {
                    bc.in.copyToEof(out);
                    out.flush();
                } catch (IOException e) {
                    // either side went away: both are closed below
                } finally {
                    bc.close();
                    close();
                }
            });
            in.copyToEof(bc.out);
            bc.out.flush();
        } finally {
            bc.close();
        }
    }

    private boolean relayResponse(ProxyTarget target, BackendConnection bc) throws IOException {
        int status = response.statusCode();
        int framing;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            framing = NO_BODY;
        } else if (responseEncoded) {
            framing = responseChunked ? CHUNKS : UNTIL_CLOSE;
        } else {
            framing = responseLength >= 0 ? FIXED : UNTIL_CLOSE;
        }
        boolean keepClient = clientKeepAlive && framing != UNTIL_CLOSE;
        writeResponseHead(keepClient);
        bc.in.skip(responseHeadLength);
        switch (framing) {
            case FIXED -> bc.in.copyTo(out, responseLength);
            case CHUNKS -> bc.in.copyChunked(out, !http10);
            case UNTIL_CLOSE -> bc.in.copyToEof(out);
            default -> { }
        }
        out.flush();
        if (backendKeepAlive && framing != UNTIL_CLOSE && bc.in.buffered() == 0) {
            target.giveBack(bc);
        } else {
            bc.close();
        }
        return keepClient;
    }

    // ---- request head ----

    /** Reads the request's version and framing and builds the head to forward; returns 0 or an error status. */
    private int analyzeRequest() {
        HttpHead h = request;
        if (h.partIs(2, HTTP_11)) {
            http10 = false;
        } else if (h.partIs(2, HTTP_10)) {
            http10 = true;
        } else {
            return 505;
        }
        method = methodName(h);
        clientKeepAlive = !http10; // HTTP/1.0 clients get one response per connection
        bodyLength = 0;
        bodyChunked = false;
        expectContinue = false;
        websocket = false;
        boolean upgradeToWebSocket = false;
        boolean hasTraceId = false;
        boolean encoded = false;
        boolean lengthSeen = false;
        boolean hasHost = false;
        connectionTokens.clear();
        int n = h.fieldCount();
        if (kinds.length < n) {
            kinds = new int[n * 2];
        }
        for (int i = 0; i < n; i++) {
            int kind = requestKind(h, i);
            kinds[i] = kind;
            switch (kind) {
                case LENGTH -> {
                    long v = h.longValue(i);
                    if (v < 0 || (lengthSeen && v != bodyLength)) {
                        return 400;
                    }
                    bodyLength = v;
                    lengthSeen = true;
                }
                case ENCODING -> {
                    encoded = true;
                    bodyChunked = h.lastTokenIs(i, CHUNKED);
                }
                case CONNECTION_FIELD -> h.addTokens(i, connectionTokens);
                case EXPECT_FIELD -> expectContinue |= h.value(i).equalsIgnoreCase("100-continue");
                case HOST_FIELD -> hasHost = true;
                case UPGRADE_FIELD -> upgradeToWebSocket |= h.value(i).equalsIgnoreCase("websocket");
                case TRACE_FIELD -> hasTraceId = true;
                default -> { }
            }
        }
        if (encoded) {
            if (!bodyChunked) {
                return 400; // a request body must end with chunked, or its end is unknown
            }
            bodyLength = 0; // chunked wins over Content-Length, which is not forwarded (RFC 9112 6.3)
        }
        if (connectionTokens.contains("close")) {
            clientKeepAlive = false;
        }
        // Only WebSocket upgrades are forwarded, as an ALB does; others (h2c) are dropped as hop-by-hop.
        websocket = upgradeToWebSocket && !http10 && connectionTokens.contains("upgrade") && !encoded && bodyLength == 0;
        buildForwardedHead(encoded, hasHost, hasTraceId);
        return 0;
    }

    /** The common methods as constants: no string per request. */
    private static String methodName(HttpHead h) {
        for (int i = 0; i < COMMON_METHODS.length; i++) {
            if (h.partIs(0, COMMON_METHOD_BYTES[i])) {
                return COMMON_METHODS[i];
            }
        }
        return h.part(0);
    }

    private static int requestKind(HttpHead h, int i) {
        if (h.nameIs(i, HOST)) {
            return HOST_FIELD;
        } else if (h.nameIs(i, CONTENT_LENGTH)) {
            return LENGTH;
        } else if (h.nameIs(i, TRANSFER_ENCODING)) {
            return ENCODING;
        } else if (h.nameIs(i, CONNECTION)) {
            return CONNECTION_FIELD;
        } else if (h.nameIs(i, UPGRADE)) {
            return UPGRADE_FIELD;
        } else if (h.nameIs(i, KEEP_ALIVE) || h.nameIs(i, PROXY_CONNECTION) || h.nameIs(i, TE)) {
            return HOP_BY_HOP;
        } else if (h.nameIs(i, EXPECT)) {
            return EXPECT_FIELD;
        } else if (h.nameIs(i, X_FORWARDED_FOR)) {
            return FORWARDED_FOR;
        } else if (h.nameIs(i, X_FORWARDED_PROTO) || h.nameIs(i, X_FORWARDED_PORT)) {
            return FORWARDED_OTHER;
        } else if (h.nameIs(i, X_AMZN_TRACE_ID)) {
            return TRACE_FIELD;
        }
        return OTHER;
    }

    /**
     * The request line as HTTP/1.1, end-to-end fields unchanged (Host too), X-Forwarded-* and a trace id
     * added as an ALB adds them, and a WebSocket handshake's Upgrade kept.
     */
    private void buildForwardedHead(boolean encoded, boolean hasHost, boolean hasTraceId) {
        HttpHead h = request;
        byte[] b = h.buffer();
        ByteSink f = forwarded;
        f.reset();
        f.write(b, h.partStart(0), h.partEnd(1) - h.partStart(0));
        f.write(SP_HTTP_11_CRLF);
        String priorFor = null;
        for (int i = 0; i < h.fieldCount(); i++) {
            int kind = kinds[i];
            boolean keep = switch (kind) {
                case OTHER -> connectionTokens.isEmpty() || !listedInConnection(h, i);
                case HOST_FIELD, ENCODING, TRACE_FIELD -> true;
                case LENGTH -> !encoded;
                default -> false;
            };
            if (keep) {
                f.write(b, h.lineStart(i), h.valueEnd(i) - h.lineStart(i));
                f.write(CRLF);
            } else if (kind == FORWARDED_FOR) {
                priorFor = priorFor == null ? h.value(i) : priorFor + ", " + h.value(i);
            }
        }
        if (priorFor == null) {
            f.write(forwardedForLine);
        } else { // append our client to the chain, as an ALB does
            f.writeAscii("X-Forwarded-For: " + priorFor + ", " + clientIp + "\r\n");
        }
        f.write(lb.forwardedProtoAndPort());
        if (!hasTraceId) {
            writeTraceId(f);
        }
        if (websocket) {
            f.write(WEBSOCKET_UPGRADE_LINES);
        }
        if (!hasHost) {
            f.write(lb.hostLine()); // HTTP/1.0 clients may omit it; HTTP/1.1 requires one
        }
        f.write(CRLF);
    }

    /** {@code X-Amzn-Trace-Id: Root=1-<seconds, 8 hex>-<96 random bits, 24 hex>}, the ALB's format. */
    private static void writeTraceId(ByteSink f) {
        f.write(TRACE_ID_PREFIX);
        writeHex(f, System.currentTimeMillis() / 1000, 8);
        f.writeAscii("-");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        writeHex(f, random.nextInt() & 0xffffffffL, 8);
        writeHex(f, random.nextLong(), 16);
        f.write(CRLF);
    }

    private static void writeHex(ByteSink f, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            f.write(HEX, (int) ((value >>> shift) & 0xf), 1);
        }
    }

    /** Whether field {@code i} is named in the Connection field, which makes it hop-by-hop (RFC 9110 7.6.1). */
    private boolean listedInConnection(HttpHead h, int i) {
        for (String token : connectionTokens) {
            if (h.nameIs(i, token)) {
                return true;
            }
        }
        return false;
    }

    // ---- response head ----

    private void analyzeResponse() throws ProtocolException {
        HttpHead r = response;
        boolean http11 = r.partIs(0, HTTP_11);
        if (!http11 && !r.partIs(0, HTTP_10)) {
            throw new ProtocolException("unsupported response version");
        }
        responseLength = -1;
        responseEncoded = false;
        responseChunked = false;
        connectionTokens.clear();
        int n = r.fieldCount();
        if (kinds.length < n) {
            kinds = new int[n * 2];
        }
        for (int i = 0; i < n; i++) {
            int kind = responseKind(r, i);
            kinds[i] = kind;
            if (kind == LENGTH) {
                long v = r.longValue(i);
                if (v < 0 || (responseLength >= 0 && v != responseLength)) {
                    throw new ProtocolException("bad Content-Length in response");
                }
                responseLength = v;
            } else if (kind == ENCODING) {
                responseEncoded = true;
                responseChunked = r.lastTokenIs(i, CHUNKED);
            } else if (kind == CONNECTION_FIELD) {
                r.addTokens(i, connectionTokens);
            }
        }
        backendKeepAlive = http11 ? !connectionTokens.contains("close") : connectionTokens.contains("keep-alive");
    }

    private static int responseKind(HttpHead h, int i) {
        if (h.nameIs(i, CONTENT_LENGTH)) {
            return LENGTH;
        } else if (h.nameIs(i, TRANSFER_ENCODING)) {
            return ENCODING;
        } else if (h.nameIs(i, CONNECTION)) {
            return CONNECTION_FIELD;
        } else if (h.nameIs(i, KEEP_ALIVE) || h.nameIs(i, PROXY_CONNECTION) || h.nameIs(i, UPGRADE)) {
            return HOP_BY_HOP;
        }
        return OTHER;
    }

    private void writeResponseHead(boolean keepClient) throws IOException {
        HttpHead r = response;
        byte[] b = r.buffer();
        out.write(HTTP_11_SP);
        out.write(b, r.partStart(1), r.partEnd(1) - r.partStart(1));
        out.write(SP);
        out.write(b, r.partStart(2), r.partEnd(2) - r.partStart(2));
        out.write(CRLF);
        for (int i = 0; i < r.fieldCount(); i++) {
            boolean keep = switch (kinds[i]) {
                case OTHER -> connectionTokens.isEmpty() || !listedInConnection(r, i);
                case LENGTH -> !responseEncoded; // with Transfer-Encoding, Content-Length must go
                case ENCODING -> !http10; // HTTP/1.0 clients get the chunks decoded
                default -> false;
            };
            if (keep) {
                out.write(b, r.lineStart(i), r.valueEnd(i) - r.lineStart(i));
                out.write(CRLF);
            }
        }
        if (!keepClient) {
            out.write(CONNECTION_CLOSE_LINE);
        }
        out.write(CRLF);
    }

    // ---- errors ----

    /** Answers with a short text body; returns whether the connection stays open. */
    private boolean sendError(int status, String reason, String detail, boolean keepAlive) throws IOException {
        byte[] body = ascii(status + " " + reason + ": " + detail + "\n");
        out.writeAscii("HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n");
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
        return keepAlive;
    }

    private static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }
}
