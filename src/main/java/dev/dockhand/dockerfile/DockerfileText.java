package dev.dockhand.dockerfile;

import java.util.List;
import java.util.Map;

/** Builds Dockerfile text line by line, with the small formatting rules every generated file follows. */
final class DockerfileText {

    private final StringBuilder text = new StringBuilder();

    DockerfileText comment(String comment) {
        for (String line : comment.split("\n")) {
            text.append("# ").append(line).append('\n');
        }
        return this;
    }

    DockerfileText line(String instruction) {
        text.append(instruction).append('\n');
        return this;
    }

    DockerfileText blank() {
        if (text.length() > 0 && !text.toString().endsWith("\n\n")) {
            text.append('\n');
        }
        return this;
    }

    /** One ENV instruction with several variables, one per line. */
    DockerfileText env(Map<String, String> variables) {
        if (variables.isEmpty()) {
            return this;
        }
        StringBuilder env = new StringBuilder("ENV ");
        int i = 0;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (i++ > 0) {
                env.append(" \\\n    ");
            }
            env.append(e.getKey()).append('=').append(quoteIfNeeded(e.getValue()));
        }
        return line(env.toString());
    }

    /** COPY of files that may include optional ones; only the ones that exist are listed. */
    DockerfileText copy(List<String> sources, String destination) {
        return line("COPY " + String.join(" ", sources) + " " + destination);
    }

    static String quoteIfNeeded(String value) {
        return value.matches("[A-Za-z0-9_./:=,+-]+") ? value : '"' + value.replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return text.toString().replaceAll("\n{3,}", "\n\n").stripTrailing() + "\n";
    }
}
