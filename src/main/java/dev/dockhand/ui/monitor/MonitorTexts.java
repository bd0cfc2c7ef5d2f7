package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.ScalingRule;

import java.util.Locale;

/** What the monitoring window says where it has nothing to show yet: why, and what would fill it. */
final class MonitorTexts {

    static final String NO_EVENTS = "No service events yet: they appear when tasks start, stop or are replaced, when targets "
            + "register or drain, and when the desired count changes.";

    private MonitorTexts() {
    }

    /**
     * The Scaling activity list's empty state: the rule that would add or remove a task, with this service's
     * target and period, and (where the window can send load) how to see it happen.
     */
    static String noScalingActivity(ScalingLimits limits, boolean canGenerateLoad) {
        if (limits == null || limits.cpuTargetPercent() == null) {
            return "No scaling activity yet: autoscaling adds or removes a task when average CPU stays above or below "
                    + "its target; this service's target is not known yet.";
        }
        double target = limits.cpuTargetPercent();
        String period = human(limits.periodSeconds());
        String text = String.format(Locale.ROOT, "No scaling activity yet: a task is added when average CPU stays above the %.0f %% "
                        + "target for %d periods of %s, and one is removed after %d periods below %.0f %% (between %d and %d tasks).",
                target, ScalingRule.HIGH_PERIODS, period, ScalingRule.LOW_PERIODS, target * ScalingRule.SCALE_IN_SHARE, limits.min(),
                limits.max());
        return canGenerateLoad ? text + " Generate load to see it happen." : text;
    }

    /**
     * What setting the desired count to {@code count} does under target tracking: autoscaling owns the count between
     * its bounds and moves it back toward what the CPU target needs, so a count set by hand does not stay.
     */
    static String desiredUnderAutoscaling(int count, ScalingLimits limits, boolean canChangeBounds) {
        String target = limits.cpuTargetPercent() == null ? "its CPU target"
                : String.format(Locale.ROOT, "the %.0f %% CPU target", limits.cpuTargetPercent());
        String text = "Target tracking owns the count between " + limits.min() + " and " + limits.max() + " tasks: at its next "
                + "check (every " + human(limits.periodSeconds()) + ") it moves the count back toward what " + target
                + " needs, so " + count + " may not stay.";
        return canChangeBounds ? text + " To keep " + count + " tasks, set the bounds to " + count + " to " + count + " instead."
                : text;
    }

    /** The status line once the count was set: what was asked, not a count the header may no longer show. */
    static String desiredSet(int count, ScalingLimits limits) {
        return limits == null ? "Desired count set to " + count + "."
                : "Asked for " + count + " tasks; autoscaling keeps the count between " + limits.min() + " and " + limits.max()
                + " and may change it at its next check.";
    }

    private static String human(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
