package dev.dockhand.local;

import java.time.Duration;

/**
 * The service shape a local rehearsal runs: the same task size, counts, health check, draining and
 * target tracking as the AWS stack, with timings that can be shortened to watch scaling quickly.
 *
 * @param health             how each replica's health path is called, as the target group does
 * @param deregistrationDelay how long a replica being removed may finish its requests
 * @param scalingPeriod      how often average CPU is measured and the scaling policy evaluated
 * @param startGrace         how long a new replica may take to become healthy before it is replaced
 */
public record RehearsalSpec(
        String name,
        String image,
        int port,
        String healthPath,
        int cpuUnits,
        int memoryMiB,
        int desired,
        int min,
        int max,
        int cpuTargetPercent,
        Duration scaleOutCooldown,
        Duration scaleInCooldown,
        HealthCheck health,
        Duration deregistrationDelay,
        Duration scalingPeriod,
        Duration startGrace,
        int loadBalancerPort) {

    /**
     * The target group's health check: a call every {@code interval}, each given {@code timeout};
     * {@code healthyThreshold} successes in a row before a replica gets traffic, {@code unhealthyThreshold}
     * failures in a row before a healthy one is replaced; {@code matcher} the success codes, as the target
     * group's ({@code 200-399}).
     */
    public record HealthCheck(Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold, String matcher) {
    }

    /** The same spec with a new image (a rolling update). */
    public RehearsalSpec withImage(String newImage) {
        return new RehearsalSpec(name, newImage, port, healthPath, cpuUnits, memoryMiB, desired, min, max, cpuTargetPercent,
                scaleOutCooldown, scaleInCooldown, health, deregistrationDelay,
                scalingPeriod, startGrace, loadBalancerPort);
    }
}
