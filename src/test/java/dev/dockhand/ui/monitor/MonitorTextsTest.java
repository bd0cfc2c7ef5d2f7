package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.ScalingLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the window says when the desired count is set under target tracking. */
class MonitorTextsTest {

    private static final ScalingLimits LIMITS = new ScalingLimits(2, 6, 60.0);

    @Test
    void theQuestionSaysTargetTrackingOwnsTheCountAndOffersTheBoundsThatKeepIt() {
        assertThat(MonitorTexts.desiredUnderAutoscaling(3, LIMITS, true))
                .startsWith("Target tracking owns the count between 2 and 6 tasks")
                .contains("the 60 % CPU target").contains("3 may not stay")
                .endsWith("To keep 3 tasks, set the bounds to 3 to 3 instead.");
        assertThat(MonitorTexts.desiredUnderAutoscaling(3, LIMITS, false)).doesNotContain("set the bounds");
    }

    @Test
    void theStatusLineSaysWhatWasAskedNotACountTheHeaderMayNoLongerShow() {
        assertThat(MonitorTexts.desiredSet(3, LIMITS)).isEqualTo("Asked for 3 tasks; autoscaling keeps the count between 2 and 6 "
                + "and may change it at its next check.").doesNotContain("set to 3");
        assertThat(MonitorTexts.desiredSet(3, null)).isEqualTo("Desired count set to 3.");
    }
}
