package dev.dockhand.monitor;

/**
 * The shape of the alarms a target-tracking policy on CPU creates, as Application Auto Scaling makes them:
 * one fact for the rehearsal's policy and for the progress shown of either service.
 */
public final class ScalingRule {

    /** Periods in a row above the target before scaling out: the high alarm's 3 of 3 datapoints. */
    public static final int HIGH_PERIODS = 3;
    /** Periods in a row below {@link #SCALE_IN_SHARE} of the target before scaling in: the low alarm's 15 of 15. */
    public static final int LOW_PERIODS = 15;
    /** The low alarm's threshold as a share of the target. */
    public static final double SCALE_IN_SHARE = 0.9;
    /** ECS publishes the service's CPU once a minute. */
    public static final int AWS_PERIOD_SECONDS = 60;

    private ScalingRule() {
    }

    /** True when an activity's cause is the high (scale-out) alarm of a target-tracking policy. */
    public static boolean isScaleOut(ScalingActivity activity) {
        return activity.cause() != null && activity.cause().contains("AlarmHigh");
    }

    /** True when an activity's cause is the low (scale-in) alarm. */
    public static boolean isScaleIn(ScalingActivity activity) {
        return activity.cause() != null && activity.cause().contains("AlarmLow");
    }
}
