package dev.dockhand.monitor;

import java.time.Instant;

/** A service event, as ECS records it ("service app has started 1 tasks: ..."). */
public record ServiceEvent(Instant time, String message) {
}
