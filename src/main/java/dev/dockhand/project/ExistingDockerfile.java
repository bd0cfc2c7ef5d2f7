package dev.dockhand.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a project's own Dockerfile says: base image, exposed port, start command, health check. */
public record ExistingDockerfile(List<String> baseImages, Integer exposedPort, String command, String healthPath) {

    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");
    private static final Pattern EXPOSE = Pattern.compile("(?im)^\\s*EXPOSE\\s+(\\d+)");
    private static final Pattern CMD = Pattern.compile("(?im)^\\s*(CMD|ENTRYPOINT)\\s+(.+)$");
    private static final Pattern HEALTHCHECK_URL = Pattern.compile("(?im)^\\s*HEALTHCHECK\\b.*?https?://[^/\\s\"']+(/[^\\s\"']*)");

    /** Reads a Dockerfile's text, joining continuation lines first. */
    public static ExistingDockerfile parse(String text) {
        String joined = text.replaceAll("\\\\\\r?\\n", " ");
        List<String> bases = new ArrayList<>();
        Matcher from = FROM.matcher(joined);
        while (from.find()) {
            bases.add(from.group(1));
        }
        Integer port = null;
        Matcher expose = EXPOSE.matcher(joined);
        if (expose.find()) {
            port = Integer.parseInt(expose.group(1));
        }
        List<String> commands = new ArrayList<>();
        Matcher cmd = CMD.matcher(joined);
        String entrypoint = null;
        String command = null;
        while (cmd.find()) {
            String value = execFormToShell(cmd.group(2).strip());
            if (cmd.group(1).equalsIgnoreCase("ENTRYPOINT")) {
                entrypoint = value;
            } else {
                command = value;
            }
        }
        if (entrypoint != null) {
            commands.add(entrypoint);
        }
        if (command != null) {
            commands.add(command);
        }
        Matcher health = HEALTHCHECK_URL.matcher(joined);
        return new ExistingDockerfile(List.copyOf(bases), port, commands.isEmpty() ? null : String.join(" ", commands),
                health.find() ? health.group(1) : null);
    }

    /** The image the final stage runs on, or null when there is no FROM line. */
    public String baseImage() {
        return baseImages.isEmpty() ? null : baseImages.get(baseImages.size() - 1);
    }

    /**
     * The runtime version: the leading version in the tag of the first stage that has one, e.g. "1.82"
     * for "rust:1.82" (a build stage names the toolchain; a final "debian:bookworm-slim" names none).
     */
    public Optional<String> baseVersion() {
        for (String image : baseImages) {
            Matcher m = Pattern.compile(":v?(\\d+(?:\\.\\d+)?)").matcher(image);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String execFormToShell(String value) {
        if (!value.startsWith("[")) {
            return value;
        }
        List<String> parts = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(value);
        while (m.find()) {
            parts.add(m.group(1).replace("\\\"", "\""));
        }
        return String.join(" ", parts);
    }
}
