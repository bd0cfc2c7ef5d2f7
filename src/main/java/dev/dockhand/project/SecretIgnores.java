package dev.dockhand.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The .dockerignore lines that keep secret files out of a build context, shared by the readiness report
 * (which says whether a flagged file is kept out) and the generated .dockerignore (which keeps it out).
 * Docker's patterns match case exactly, while secrets are recognised whatever their case ({@code Server.PEM},
 * {@code SECRETS.json}): a flagged file the patterns miss gets a line of its own.
 */
public final class SecretIgnores {

    /** The finding's id for a secret file in the folder: its file is what the .dockerignore must keep out. */
    public static final String FINDING = ReadinessRules.SECRET_IN_CONTEXT;

    /** The patterns, each at the root and in every subfolder: Docker matches a bare pattern at the root only. */
    public static List<String> patterns() {
        List<String> lines = new ArrayList<>();
        for (String pattern : List.of(".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.ppk",
                "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", ".ssh", ".aws", ".npmrc", ".pypirc", ".netrc", ".htpasswd",
                "credentials*", "*service-account*.json", "secrets.json", "secrets.yml", "secrets.yaml")) {
            lines.add(pattern);
            lines.add("**/" + pattern);
        }
        lines.addAll(List.of("!.env.example", "!**/.env.example"));
        return lines;
    }

    /** True when the patterns alone keep {@code path} out. */
    public static boolean coveredByPatterns(String path) {
        return ReadinessRules.ignoredBy(String.join("\n", patterns()), path);
    }

    /**
     * A line that leaves out exactly {@code path}, or empty when no .dockerignore line can name it: Docker
     * strips the spaces around a line, and wildcards, character classes and backslashes in a name would be
     * read as patterns. A name that starts like a comment or a re-include is written from the root ("/#x").
     */
    public static Optional<String> exactLine(String path) {
        if (path.isEmpty() || !path.equals(path.strip()) || path.chars().anyMatch(c -> c < 0x20 || "*?[]\\".indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(path.startsWith("#") || path.startsWith("!") ? "/" + path : path);
    }

    /** True when the generated .dockerignore keeps {@code path} out: by its patterns or by a line of its own. */
    public static boolean generatedKeepsOut(String path) {
        return coveredByPatterns(path) || exactLine(path).isPresent();
    }

    private SecretIgnores() {
    }
}
