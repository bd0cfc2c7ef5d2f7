package dev.dockhand.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * A blue/green deployment of the service as ECS reports it (DescribeServiceDeployments): its lifecycle
 * stage, how much production traffic the new (green) revision has, the bake time left, and where the
 * green revision answers before it takes traffic.
 *
 * @param status              ECS's status of the deployment: PENDING, IN_PROGRESS, ROLLBACK_IN_PROGRESS, ...
 * @param stage               ECS's lifecycle stage: SCALE_UP, TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, ...
 * @param trafficToNewPercent production traffic on the green revision, 0 to 100, or null when unknown
 * @param bakeLeft            time left in the bake, or null outside it
 * @param testUrl             the test listener's address, or null
 */
public record BlueGreenStatus(String deploymentArn, String status, String stage, Integer trafficToNewPercent, Duration bakeLeft,
                              String testUrl) {

    /** While it runs (until the bake ends), a rollback flips traffic back to the old revision at once. */
    public boolean canRollBack() {
        return ("IN_PROGRESS".equals(status) || "PENDING".equals(status)) && !"CLEAN_UP".equals(stage);
    }

    /** The stage in plain words. */
    public static String stageWords(String stage) {
        return switch (stage == null ? "" : stage) {
            case "RECONCILE_SERVICE" -> "checking the service";
            case "PRE_SCALE_UP" -> "about to start the new revision";
            case "SCALE_UP" -> "starting the new revision's tasks";
            case "POST_SCALE_UP" -> "the new revision's tasks are up";
            case "TEST_TRAFFIC_SHIFT" -> "sending test traffic to the new revision";
            case "POST_TEST_TRAFFIC_SHIFT" -> "the new revision answers on the test listener";
            case "PRODUCTION_TRAFFIC_SHIFT" -> "moving production traffic to the new revision";
            case "POST_PRODUCTION_TRAFFIC_SHIFT" -> "production traffic is on the new revision";
            case "BAKE_TIME" -> "baking: the old revision stays ready for an instant rollback";
            case "CLEAN_UP" -> "removing the old revision";
            default -> stage == null ? "waiting to start" : stage;
        };
    }

    /**
     * Production traffic on the new revision when the load balancer's weights cannot be read: blue/green
     * moves it all at once, in the production traffic shift.
     */
    public static Integer trafficByStage(String stage) {
        if (stage == null) {
            return null;
        }
        return switch (stage) {
            case "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT" -> 0;
            case "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP" -> 100;
            default -> null;
        };
    }

    /** Bake time left at {@code now} for a bake of {@code bakeMinutes} that began at {@code bakeStarted}; never negative. */
    public static Duration bakeLeft(Instant bakeStarted, int bakeMinutes, Instant now) {
        Duration left = Duration.ofMinutes(bakeMinutes).minus(Duration.between(bakeStarted, now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** One line: stage, traffic, bake time left. */
    public String describe() {
        StringBuilder line = new StringBuilder("Blue/green: ").append(stageWords(stage));
        if (trafficToNewPercent != null) {
            line.append("; ").append(trafficToNewPercent).append(" % of production traffic on the new revision");
        }
        if (bakeLeft != null) {
            long seconds = bakeLeft.toSeconds();
            line.append("; ").append(seconds / 60).append(" min ").append(String.format("%02d", seconds % 60)).append(" s of bake time left");
        }
        if (!"IN_PROGRESS".equals(status) && status != null) {
            line.append(" (").append(status).append(')');
        }
        return line.toString();
    }
}
