package dev.dockhand.monitor;

/** A deployment of the service: PRIMARY (the newest) or ACTIVE (being replaced), and its rollout state. */
public record DeploymentInfo(String id, String status, String rolloutState, int desired, int running, String image) {
}
