package dev.dockhand.local;

import dev.dockhand.monitor.ScalingRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Target tracking on average CPU as Application Auto Scaling does it for an ECS service, as a pure policy:
 * one sample per period in, a decision out; no clock, engine or thread of its own.
 *
 * <ul>
 *   <li>Scale out when the average is above the target for {@value ScalingRule#HIGH_PERIODS} periods in a row (the
 *       high alarm's 3 of 3 datapoints), to the capacity that brings it back to the target
 *       ({@code ceil(running * cpu / target)}, at least one more), never above the maximum. During the
 *       scale-out cooldown it scales out again only to more than it already asked for.</li>
 *   <li>Scale in when the average is below 90 % of the target for {@value ScalingRule#LOW_PERIODS} periods in a row
 *       (the low alarm's 15 of 15), by the same formula but at least one fewer, never below the minimum,
 *       and not during either cooldown: a service that just scaled out does not shrink at once.</li>
 * </ul>
 * Not thread-safe: the rehearsal calls it from its one control loop.
 */
public final class TargetTracking {


    /** What the policy does with one sample. */
    public enum Action { NONE, SCALE_OUT, SCALE_IN }

    /** A decision: the new desired count (unchanged for NONE) and, when it scales, the alarm that caused it. */
    public record Decision(Action action, int desired, String cause) {
        static Decision none(int desired) {
            return new Decision(Action.NONE, desired, "");
        }
    }

    /**
     * Where the rule stands, for showing it live: periods above (below) the target in the current run,
     * and until when each cooldown lasts ({@link Instant#MIN} when none was started).
     */
    public record Progress(int periodsAbove, int periodsBelow, Instant scaleOutCooldownEnds, Instant scaleInCooldownEnds) {
    }

    private final String service;
    private final int targetPercent;
    private final int min;
    private final int max;
    private final Duration scaleOutCooldown;
    private final Duration scaleInCooldown;
    private int above;
    private int below;
    private Instant lastScaleOut;
    private Instant lastScaleIn;

    public TargetTracking(String service, int targetPercent, int min, int max, Duration scaleOutCooldown, Duration scaleInCooldown) {
        if (targetPercent < 1 || targetPercent > 100 || min < 0 || max < min) {
            throw new IllegalArgumentException("target " + targetPercent + "%, bounds " + min + ".." + max);
        }
        this.service = service;
        this.targetPercent = targetPercent;
        this.min = min;
        this.max = max;
        this.scaleOutCooldown = scaleOutCooldown;
        this.scaleInCooldown = scaleInCooldown;
    }

    /** The policy for a rehearsal's spec. */
    public static TargetTracking of(RehearsalSpec spec) {
        return new TargetTracking(spec.name(), spec.cpuTargetPercent(), spec.min(), spec.max(), spec.scaleOutCooldown(),
                spec.scaleInCooldown());
    }

    /**
     * One period's sample: the average CPU of the {@code running} tasks that serve, and the count asked for
     * now. Returns what to set the desired count to.
     */
    public Decision evaluate(Instant now, double averageCpuPercent, int running, int desired) {
        above = averageCpuPercent > targetPercent ? above + 1 : 0;
        below = averageCpuPercent < targetPercent * ScalingRule.SCALE_IN_SHARE ? below + 1 : 0;
        int proportional = running == 0 ? desired : (int) Math.ceil(running * averageCpuPercent / targetPercent);
        if (above >= ScalingRule.HIGH_PERIODS && desired < max) {
            boolean cooling = inCooldown(lastScaleOut, scaleOutCooldown, now);
            int wanted = Math.min(max, cooling ? proportional : Math.max(desired + 1, proportional));
            if (wanted > desired) {
                above = 0;
                lastScaleOut = now;
                return new Decision(Action.SCALE_OUT, wanted, String.format(Locale.ROOT, "monitor alarm TargetTracking-service/%s-AlarmHigh "
                        + "in state ALARM triggered policy %s-cpu-target (average CPU %.0f%% > target %d%%)", service, service,
                        averageCpuPercent, targetPercent));
            }
        }
        if (below >= ScalingRule.LOW_PERIODS && desired > min && !inCooldown(lastScaleIn, scaleInCooldown, now)
                && !inCooldown(lastScaleOut, scaleOutCooldown, now)) {
            below = 0;
            lastScaleIn = now;
            int wanted = Math.max(min, Math.min(desired - 1, proportional));
            return new Decision(Action.SCALE_IN, wanted, String.format(Locale.ROOT, "monitor alarm TargetTracking-service/%s-AlarmLow "
                    + "in state ALARM triggered policy %s-cpu-target (average CPU %.0f%% < %d%%)", service, service,
                    averageCpuPercent, (int) (targetPercent * ScalingRule.SCALE_IN_SHARE)));
        }
        return Decision.none(desired);
    }

    public Progress progress() {
        return new Progress(above, below, end(lastScaleOut, scaleOutCooldown), end(lastScaleIn, scaleInCooldown));
    }

    private static boolean inCooldown(Instant last, Duration cooldown, Instant now) {
        return last != null && now.isBefore(last.plus(cooldown));
    }

    private static Instant end(Instant last, Duration cooldown) {
        return last == null ? Instant.MIN : last.plus(cooldown);
    }
}
