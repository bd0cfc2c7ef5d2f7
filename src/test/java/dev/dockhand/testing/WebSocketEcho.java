package dev.dockhand.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A WebSocket echo server (RFC 6455, text frames) that also answers plain GETs with 200, as an app with a
 * health path and a socket endpoint does. Records each handshake's request head.
 */
public final class WebSocketEcho implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Request heads of the handshakes, field names lower-cased. */
    public final BlockingQueue<Map<String, String>> handshakes = new LinkedBlockingQueue<>();
    private final ServerSocket server;

    public WebSocketEcho() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "test-websocket-echo");
        accept.setDaemon(true);
        accept.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "test-websocket-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Map<String, String> head = readHead(in);
                if (head == null) {
                    return;
                }
                if (!"websocket".equalsIgnoreCase(head.get("upgrade"))) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                handshakes.add(head);
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((head.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                echoFrames(new DataInputStream(in), out);
                return;
            }
        } catch (Exception e) {
            // the peer went away
        }
    }

    private static void echoFrames(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = first & 0x0f;
            if (opcode == 8) { // close: answer it and end
                out.write(new byte[] {(byte) 0x88, 0});
                out.flush();
                return;
            }
            if (opcode == 9) { // ping: pong
                first = (first & 0xf0) | 0x0a;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(first);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    private static Map<String, String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Map<String, String> fields = new TreeMap<>();
        boolean first = true;
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.isEmpty()) {
                return fields;
            }
            if (first) {
                fields.put(":request", text);
                first = false;
            } else {
                int colon = text.indexOf(':');
                fields.merge(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip(),
                        (a, c) -> a + ", " + c);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
