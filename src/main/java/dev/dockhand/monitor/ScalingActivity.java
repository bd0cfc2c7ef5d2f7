package dev.dockhand.monitor;

import java.time.Instant;

/** A scaling activity, as Application Auto Scaling records it: when, why, what, and how it went. */
public record ScalingActivity(Instant time, String cause, String description, String status) {
}
