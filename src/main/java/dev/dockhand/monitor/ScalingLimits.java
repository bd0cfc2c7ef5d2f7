package dev.dockhand.monitor;

/**
 * The service's autoscaling bounds and the CPU it aims at: the chart draws {@code cpuTargetPercent} as
 * the scaling target line.
 *
 * @param cpuTargetPercent the target-tracking policy's average CPU, or null when the service has no such policy
 */
public record ScalingLimits(int min, int max, Double cpuTargetPercent) {
}
