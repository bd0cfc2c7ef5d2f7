package dev.dockhand.docker;

import java.util.ArrayList;
import java.util.List;

/** The TCP ports a container listens on, read from its /proc/net/tcp and tcp6 tables. */
record Listeners(List<Listener> sockets) {

    /** One listening socket: its address as text ("0.0.0.0", "127.0.0.1", "::", "::1") and port. */
    record Listener(String address, int port) {
        boolean loopbackOnly() {
            return address.startsWith("127.") || address.equals("::1");
        }

        boolean allInterfaces() {
            return address.equals("0.0.0.0") || address.equals("::");
        }
    }

    boolean isEmpty() {
        return sockets.isEmpty();
    }

    boolean reachableOn(int port) {
        return sockets.stream().anyMatch(s -> s.port() == port && s.allInterfaces());
    }

    /** Parses the text of /proc/net/tcp and/or /proc/net/tcp6; only sockets in LISTEN state count. */
    static Listeners parse(String procNetTcp) {
        List<Listener> out = new ArrayList<>();
        for (String line : procNetTcp.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !f[3].equals("0A")) {
                continue;
            }
            String[] local = f[1].split(":");
            if (local.length != 2) {
                continue;
            }
            int port = Integer.parseInt(local[1], 16);
            Listener listener = new Listener(address(local[0]), port);
            if (!out.contains(listener)) {
                out.add(listener);
            }
        }
        return new Listeners(List.copyOf(out));
    }

    private static String address(String hex) {
        if (hex.length() == 8) { // IPv4, little-endian
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "::";
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "::1";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) { // IPv4-mapped
            return address(hex.substring(24));
        }
        return hex;
    }
}
