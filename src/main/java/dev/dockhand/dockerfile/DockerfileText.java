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
            env.append(e.getKey()).append('=').append(value(e.getKey(), e.getValue()));
        }
        return line(env.toString());
    }

    /** COPY of files that may include optional ones; only the ones that exist are listed. */
    DockerfileText copy(List<String> sources, String destination) {
        return line("COPY " + String.join(" ", sources) + " " + destination);
    }

    /** The search path Dockhand extends: the one place a generated ENV value is expanded by the Dockerfile. */
    static final String EXTEND_PATH = ":$PATH";

    private static String value(String name, String value) {
        if (name.equals("PATH") && value.endsWith(EXTEND_PATH)) {
            String literal = Escape.envValue(value.substring(0, value.length() - EXTEND_PATH.length()));
            String inner = literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : literal;
            return '"' + inner + EXTEND_PATH + '"';
        }
        return Escape.envValue(value);
    }

    @Override
    public String toString() {
        return text.toString().replaceAll("\n{3,}", "\n\n").stripTrailing() + "\n";
    }
}
