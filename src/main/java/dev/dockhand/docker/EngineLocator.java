package dev.dockhand.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Docker engine the way the docker CLI does: {@code DOCKER_HOST}, then the current Docker
 * context ({@code DOCKER_CONTEXT} or {@code currentContext} in {@code ~/.docker/config.json}), then the
 * usual sockets of Docker Engine, Docker Desktop, Podman, Colima, Rancher Desktop and OrbStack.
 */
public final class EngineLocator {

    /** Where the engine is, and how Dockhand knows (shown to the user). */
    public record Endpoint(String host, String source) {
        /** True when a setting (DOCKER_HOST, a context) named it, rather than a usual socket found on disk. */
        public boolean fromSetting() {
            return !source.startsWith(DEFAULT);
        }
    }

    private static final String DEFAULT = "default socket of ";

    private final Map<String, String> environment;
    private final Path home;

    public EngineLocator(Map<String, String> environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    public static EngineLocator fromSystem() {
        return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The endpoint to use: an explicit setting, else the first socket that exists, else the Engine's. */
    public Endpoint locate() {
        List<Endpoint> candidates = candidates();
        for (Endpoint candidate : candidates) {
            if (!candidate.source().startsWith(DEFAULT) || socketExists(candidate.host())) {
                return candidate;
            }
        }
        return candidates.stream().filter(c -> c.source().startsWith(DEFAULT)).findFirst().orElseThrow();
    }

    /** Every place looked at, in order, for the "no engine" message. */
    public List<Endpoint> candidates() {
        List<Endpoint> out = new ArrayList<>();
        String dockerHost = environment.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            out.add(new Endpoint(dockerHost.strip(), "DOCKER_HOST"));
        }
        contextEndpoint().ifPresent(out::add);
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            out.add(new Endpoint("npipe:////./pipe/docker_engine", DEFAULT + "Docker Desktop"));
            return out;
        }
        String runtimeDir = environment.getOrDefault("XDG_RUNTIME_DIR", "/run/user/" + uid());
        out.add(new Endpoint("unix:///var/run/docker.sock", DEFAULT + "Docker Engine"));
        out.add(socket(home.resolve(".docker/run/docker.sock").toString(), "Docker Desktop"));
        out.add(socket(home.resolve(".docker/desktop/docker.sock").toString(), "Docker Desktop"));
        out.add(socket(runtimeDir + "/docker.sock", "rootless Docker"));
        out.add(socket(runtimeDir + "/podman/podman.sock", "Podman"));
        out.add(socket("/run/podman/podman.sock", "Podman"));
        out.add(socket(home.resolve(".colima/default/docker.sock").toString(), "Colima"));
        out.add(socket(home.resolve(".rd/docker.sock").toString(), "Rancher Desktop"));
        out.add(socket(home.resolve(".orbstack/run/docker.sock").toString(), "OrbStack"));
        return out;
    }

    private static Endpoint socket(String path, String product) {
        return new Endpoint("unix://" + path, DEFAULT + product);
    }

    private Optional<Endpoint> contextEndpoint() {
        String context = environment.get("DOCKER_CONTEXT");
        Path configDir = environment.containsKey("DOCKER_CONFIG") ? Path.of(environment.get("DOCKER_CONFIG")) : home.resolve(".docker");
        if (context == null || context.isBlank()) {
            context = readJson(configDir.resolve("config.json")).map(j -> j.path("currentContext").asText(null)).orElse(null);
        }
        if (context == null || context.isBlank() || context.equals("default")) {
            return Optional.empty();
        }
        String name = context;
        Path meta = configDir.resolve("contexts/meta").resolve(sha256(name)).resolve("meta.json");
        return readJson(meta).map(j -> j.path("Endpoints").path("docker").path("Host").asText(null))
                .filter(host -> host != null && !host.isBlank())
                .map(host -> new Endpoint(host, "Docker context \"" + name + "\""));
    }

    private static Optional<JsonNode> readJson(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(new ObjectMapper().readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean socketExists(String host) {
        return host.startsWith("unix://") && Files.exists(Path.of(host.substring("unix://".length())));
    }

    private static String uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return String.valueOf(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "0";
        }
    }
}
