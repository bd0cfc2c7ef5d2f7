package dev.dockhand.docker;

import java.util.List;

/**
 * The outcome of running an image locally and calling its health path.
 *
 * @param healthy    true when the health path answered 200-399
 * @param statusCode the last HTTP status received, or null when nothing answered
 * @param latencyMs  time of the successful (or last) health request, or null
 * @param exitCode   the container's exit code when it stopped by itself, else null
 * @param reason     why it is not healthy, in the user's words; null when healthy
 * @param logTail    the last lines the container printed
 */
public record TrialResult(boolean healthy, Integer statusCode, Long latencyMs, Integer exitCode, String reason,
                          List<String> logTail) {
    public TrialResult {
        logTail = List.copyOf(logTail);
    }
}
