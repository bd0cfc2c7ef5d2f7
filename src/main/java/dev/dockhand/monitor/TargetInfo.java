package dev.dockhand.monitor;

/** A load balancer target: the task's address, its health state and the reason for it. */
public record TargetInfo(String id, int port, String state, String reason) {
}
