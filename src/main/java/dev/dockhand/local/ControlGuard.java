package dev.dockhand.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who may command a rehearsal's background process: a request that carries the process's token (kept in
 * its state file, readable by the user only), names the process's own loopback address as its Host (a
 * web page that found the port through DNS rebinding names another), and changes something only by POST.
 * A web page in the user's browser can send none of these to the control port.
 */
public final class ControlGuard {

    /** The request header that carries the token. */
    public static final String TOKEN_HEADER = "X-Dockhand-Token";

    private final String token;
    private final int port;

    public ControlGuard(String token, int port) {
        this.token = token;
        this.port = port;
    }

    /** A new random token: 32 bytes from the system's strong source, as hex. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Why the request is refused, or null when it may go on.
     *
     * @param changes true for the commands that change the rehearsal (update, kill, desired, stop)
     */
    public String refusal(String method, String host, String presentedToken, boolean changes) {
        if (!("127.0.0.1:" + port).equals(host) && !("localhost:" + port).equals(host)) {
            return "wrong Host";
        }
        if (presentedToken == null || !MessageDigest.isEqual(presentedToken.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return "no valid token";
        }
        if (changes ? !"POST".equals(method) : !"GET".equals(method) && !"POST".equals(method)) {
            return "method " + method + " not allowed";
        }
        return null;
    }
}
