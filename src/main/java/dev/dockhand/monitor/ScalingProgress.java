package dev.dockhand.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the service's CPU target tracking stands, in words, from the same one-period CPU averages its
 * alarms read: "CPU above the 50 % target for 2 of 3 periods: scale-out in about 1 min". Pure: the
 * monitoring window shows it for a rehearsal and for ECS alike.
 */
public final class ScalingProgress {

    private ScalingProgress() {
    }

    /** The line to show, or empty when the service has no CPU target or no CPU figures yet. */
    public static Optional<String> describe(ServiceSnapshot s, Instant now) {
        ScalingLimits limits = s.scaling();
        if (limits == null || limits.cpuTargetPercent() == null || s.cpu().isEmpty()) {
            return Optional.empty();
        }
        double target = limits.cpuTargetPercent();
        double low = target * ScalingRule.SCALE_IN_SHARE;
        List<MetricPoint> points = s.cpu().stream().sorted(Comparator.comparing(MetricPoint::time)).toList();
        int above = trailing(points, p -> p.average() > target);
        int below = trailing(points, p -> p.average() < low);
        double last = points.get(points.size() - 1).average();
        Duration period = Duration.ofSeconds(limits.periodSeconds());
        String cpu = String.format(Locale.ROOT, "CPU %.0f %%", last);

        Optional<Duration> outCooldown = cooldownLeft(s.activities(), true, limits.scaleOutCooldownSeconds(), now);
        Optional<Duration> inCooldown = cooldownLeft(s.activities(), false, limits.scaleInCooldownSeconds(), now);
        if (above > 0) {
            if (s.desired() >= limits.max()) {
                return Optional.of(cpu + String.format(Locale.ROOT, ", above the %.0f %% target, but the service is at its maximum of %d "
                        + "tasks: raise the maximum to scale out further.", target, limits.max()));
            }
            int shown = Math.min(above, ScalingRule.HIGH_PERIODS);
            String when = above >= ScalingRule.HIGH_PERIODS ? "scale-out due now" : "scale-out in about "
                    + human(period.multipliedBy(ScalingRule.HIGH_PERIODS - above));
            return Optional.of(cpu + String.format(Locale.ROOT, ", above the %.0f %% target for %d of %d periods: %s%s.", target, shown,
                    ScalingRule.HIGH_PERIODS, when, outCooldown.map(d -> " (scale-out cooldown: " + human(d) + " left)").orElse("")));
        }
        if (below > 0) {
            if (s.desired() <= limits.min()) {
                return Optional.of(cpu + String.format(Locale.ROOT, ", below %.0f %%, and the service is at its minimum of %d tasks.",
                        low, limits.min()));
            }
            int shown = Math.min(below, ScalingRule.LOW_PERIODS);
            Duration wait = period.multipliedBy(Math.max(0, ScalingRule.LOW_PERIODS - below));
            // No scale-in during either cooldown (a scale-out's included).
            Duration blocked = max(outCooldown.orElse(Duration.ZERO), inCooldown.orElse(Duration.ZERO));
            Duration eta = max(wait, blocked);
            String when = eta.isZero() ? "scale-in due now" : "scale-in in about " + human(eta);
            return Optional.of(cpu + String.format(Locale.ROOT, ", below %.0f %% (90 %% of the target) for %d of %d periods: %s%s.", low,
                    shown, ScalingRule.LOW_PERIODS, when, blocked.compareTo(wait) > 0 ? " (cooldown: " + human(blocked) + " left)" : ""));
        }
        return Optional.of(cpu + String.format(Locale.ROOT, ", within the target band (%.0f-%.0f %%): no scaling due.", low, target));
    }

    private static int trailing(List<MetricPoint> points, java.util.function.Predicate<MetricPoint> condition) {
        int count = 0;
        for (int i = points.size() - 1; i >= 0 && condition.test(points.get(i)); i--) {
            count++;
        }
        return count;
    }

    private static Optional<Duration> cooldownLeft(List<ScalingActivity> activities, boolean scaleOut, Integer seconds, Instant now) {
        if (seconds == null) {
            return Optional.empty();
        }
        return activities.stream().filter(a -> scaleOut ? ScalingRule.isScaleOut(a) : ScalingRule.isScaleIn(a))
                .map(ScalingActivity::time).max(Comparator.naturalOrder())
                .map(t -> Duration.between(now, t.plusSeconds(seconds))).filter(d -> d.compareTo(Duration.ZERO) > 0);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** "40 s", "about 1 min" style: seconds under two minutes, else whole minutes. */
    static String human(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        return seconds < 120 ? seconds + " s" : Math.round(seconds / 60.0) + " min";
    }
}
