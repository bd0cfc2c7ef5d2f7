package dev.dockhand.pipeline;

import java.util.List;

/** What the Docker steps report to the UI and the command line (their JSON shapes). */
public final class ImageReports {

    private ImageReports() {
    }

    /** A built image: the reference it is tagged with, its id, and the build context sent. */
    public record Build(String image, String imageId, long contextBytes, int contextFiles, Long imageBytes) {
    }

    /** A local test: {@code {healthy, statusCode, latencyMs, exitCode, reason, logTail}}. */
    public record Test(String image, boolean healthy, Integer statusCode, Long latencyMs, Integer exitCode,
                       String reason, List<String> logTail) {
    }

    /** A pushed image: where it went and the digest the registry reported. */
    public record Push(String image, String target, String digest) {
    }
}
