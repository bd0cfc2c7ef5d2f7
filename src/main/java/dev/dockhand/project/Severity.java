package dev.dockhand.project;

/** How much a readiness finding matters for running in containers behind a load balancer. */
public enum Severity {
    /** Will break in a container or behind the load balancer. */
    ERROR,
    /** Works, but loses data or requests when tasks are replaced or scaled. */
    WARNING,
    /** Worth knowing; nothing breaks. */
    INFO;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
