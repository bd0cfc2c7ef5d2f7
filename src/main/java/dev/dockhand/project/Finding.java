package dev.dockhand.project;

import java.util.Objects;

/**
 * One thing in the project that will break, or behave badly, in containers behind a load balancer.
 *
 * @param id       stable identifier, e.g. {@code in-memory-session}
 * @param file     path relative to the project root, with forward slashes, or null when not tied to a file
 * @param line     1-based line number, or null
 * @param message  what is wrong, in the user's words
 * @param fix      what to do about it
 */
public record Finding(String id, Severity severity, String file, Integer line, String message, String fix) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** "src/app.js:12", "src/app.js" or "" for display. */
    public String location() {
        if (file == null) {
            return "";
        }
        return line == null ? file : file + ":" + line;
    }
}
