package dev.dockhand.monitor;

/**
 * The service's autoscaling bounds and the CPU it aims at: the chart draws {@code cpuTargetPercent} as
 * the scaling target line, and {@link ScalingProgress} tells how close the next scaling is.
 *
 * @param cpuTargetPercent        the target-tracking policy's average CPU, or null when the service has no such policy
 * @param scaleOutCooldownSeconds the policy's scale-out cooldown, or null when unknown
 * @param scaleInCooldownSeconds  the policy's scale-in cooldown, or null when unknown
 * @param periodSeconds           the period of the CPU metric the policy's alarms read
 */
public record ScalingLimits(int min, int max, Double cpuTargetPercent, Integer scaleOutCooldownSeconds, Integer scaleInCooldownSeconds,
                            int periodSeconds) {

    /** Bounds and target with the ECS metric's one-minute period and no known cooldowns. */
    public ScalingLimits(int min, int max, Double cpuTargetPercent) {
        this(min, max, cpuTargetPercent, null, null, ScalingRule.AWS_PERIOD_SECONDS);
    }
}
