package dev.dockhand.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles of the AWS CLI: {@code ~/.aws/config} (or {@code AWS_CONFIG_FILE}) and
 * {@code ~/.aws/credentials} (or {@code AWS_SHARED_CREDENTIALS_FILE}), SSO profiles and sso-session
 * sections included. Only names, regions and the kind of login are read: key values are never kept.
 */
public final class AwsProfiles {

    /** A profile as the picker shows it. */
    public record Profile(String name, String region, Kind kind, String ssoStartUrl) {
    }

    /** How a profile logs in. */
    public enum Kind { SSO, ASSUME_ROLE, KEYS, PROCESS, OTHER }

    private final Map<String, Map<String, String>> config;
    private final Map<String, Map<String, String>> credentials;
    private final Map<String, String> environment;

    AwsProfiles(Map<String, Map<String, String>> config, Map<String, Map<String, String>> credentials,
                Map<String, String> environment) {
        this.config = config;
        this.credentials = credentials;
        this.environment = environment;
    }

    public static AwsProfiles load(Map<String, String> environment, Path home) {
        Path configFile = Optional.ofNullable(environment.get("AWS_CONFIG_FILE")).map(Path::of).orElse(home.resolve(".aws/config"));
        Path credentialsFile = Optional.ofNullable(environment.get("AWS_SHARED_CREDENTIALS_FILE")).map(Path::of)
                .orElse(home.resolve(".aws/credentials"));
        return new AwsProfiles(ini(configFile), ini(credentialsFile), environment);
    }

    public static AwsProfiles fromSystem() {
        return load(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Every profile of both files, "default" first. */
    public List<Profile> profiles() {
        Map<String, Profile> out = new LinkedHashMap<>();
        for (var section : config.entrySet()) {
            String name = section.getKey().equals("default") ? "default"
                    : section.getKey().startsWith("profile ") ? section.getKey().substring(8).strip() : null;
            if (name != null) {
                out.put(name, profile(name, section.getValue()));
            }
        }
        for (String name : credentials.keySet()) {
            out.putIfAbsent(name, new Profile(name, null, Kind.KEYS, null));
        }
        List<Profile> sorted = new ArrayList<>(out.values());
        sorted.sort((a, b) -> a.name().equals("default") ? -1 : b.name().equals("default") ? 1 : a.name().compareTo(b.name()));
        return sorted;
    }

    /** The profile to use: the one asked for, else AWS_PROFILE, else "default". */
    public String chosenProfile(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        String fromEnvironment = environment.get("AWS_PROFILE");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : "default";
    }

    /** The region to use: the one asked for, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's. */
    public Optional<String> chosenRegion(String requested, String profile) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(requested);
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return profiles().stream().filter(p -> p.name().equals(profile)).map(Profile::region)
                .filter(r -> r != null && !r.isBlank()).findFirst();
    }

    public boolean exists(String profile) {
        return profiles().stream().anyMatch(p -> p.name().equals(profile));
    }

    private Profile profile(String name, Map<String, String> values) {
        String ssoSession = values.get("sso_session");
        String startUrl = values.get("sso_start_url");
        if (ssoSession != null) {
            Map<String, String> session = config.getOrDefault("sso-session " + ssoSession, Map.of());
            startUrl = session.getOrDefault("sso_start_url", startUrl);
        }
        Kind kind = startUrl != null || ssoSession != null ? Kind.SSO
                : values.containsKey("role_arn") ? Kind.ASSUME_ROLE
                : values.containsKey("credential_process") ? Kind.PROCESS
                : credentials.containsKey(name) || values.containsKey("aws_access_key_id") ? Kind.KEYS : Kind.OTHER;
        return new Profile(name, values.get("region"), kind, startUrl);
    }

    /** Reads an INI file into sections; secret values are dropped on reading. */
    static Map<String, Map<String, String>> ini(Path file) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return sections;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return sections;
        }
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current != null && eq > 0) {
                String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
                boolean secret = key.contains("secret") || key.contains("session_token") || key.equals("aws_security_token");
                current.put(key, secret ? "" : line.substring(eq + 1).strip());
            }
        }
        return sections;
    }
}
