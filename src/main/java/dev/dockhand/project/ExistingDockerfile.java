package dev.dockhand.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a project's own Dockerfile says: base image, exposed port, start command, health check. */
public record ExistingDockerfile(String baseImage, Integer exposedPort, String command, String healthPath) {

    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");
    private static final Pattern EXPOSE = Pattern.compile("(?im)^\\s*EXPOSE\\s+(\\d+)");
    private static final Pattern CMD = Pattern.compile("(?im)^\\s*(CMD|ENTRYPOINT)\\s+(.+)$");
    private static final Pattern HEALTHCHECK_URL = Pattern.compile("(?im)^\\s*HEALTHCHECK\\b.*?https?://[^/\\s\"']+(/[^\\s\"']*)");

    /** Reads a Dockerfile's text, joining continuation lines first. */
    public static ExistingDockerfile parse(String text) {
        String joined = text.replaceAll("\\\\\\r?\\n", " ");
        String base = null;
        Matcher from = FROM.matcher(joined);
        while (from.find()) {
            base = from.group(1); // the last stage is the image that runs
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
        return new ExistingDockerfile(base, port, commands.isEmpty() ? null : String.join(" ", commands),
                health.find() ? health.group(1) : null);
    }

    /** The tag's leading version of the base image, e.g. "3.3" for "ruby:3.3-slim", or empty. */
    public Optional<String> baseVersion() {
        if (baseImage == null || !baseImage.contains(":")) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile(":v?(\\d+(?:\\.\\d+)?)").matcher(baseImage);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
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
