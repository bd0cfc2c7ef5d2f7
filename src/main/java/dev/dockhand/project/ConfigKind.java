package dev.dockhand.project;

/** How a configuration value is carried to the task: as a secret, or as a plain environment variable. */
public enum ConfigKind {
    /** Stored in AWS Secrets Manager; reaches the task through the task definition's {@code Secrets}. */
    SECRET,
    /** Written into the task definition's {@code Environment}: visible to anyone who can read the service. */
    PLAIN;

    /** The kind as dockhand.yaml and the command line spell it. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind for {@code word} ("secret" or "plain"), or null for anything else. */
    public static ConfigKind of(String word) {
        for (ConfigKind kind : values()) {
            if (kind.word().equalsIgnoreCase(word == null ? "" : word.strip())) {
                return kind;
            }
        }
        return null;
    }
}
