package dev.dockhand.local;

import dev.dockhand.local.TargetTracking.Action;
import dev.dockhand.local.TargetTracking.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Target tracking as Application Auto Scaling does it: samples and time in, decisions out. */
class TargetTrackingTest {

    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** Target 50 %, 1 to 10 tasks, AWS's default cooldowns of the stack (scale-out 60 s, scale-in 300 s). */
    private final TargetTracking policy = new TargetTracking("shop", 50, 1, 10, Duration.ofSeconds(60), Duration.ofSeconds(300));
    private int minute;

    private Decision sample(double cpu, int running, int desired) {
        return policy.evaluate(T0.plus(PERIOD.multipliedBy(minute++)), cpu, running, desired);
    }

    @Test
    void threePeriodsAboveTheTargetScaleOutInProportionToTheLoad() {
        assertThat(sample(90, 2, 2).action()).isEqualTo(Action.NONE);
        assertThat(sample(90, 2, 2).action()).isEqualTo(Action.NONE);
        assertThat(policy.progress().periodsAbove()).isEqualTo(2);

        Decision out = sample(90, 2, 2);

        assertThat(out.action()).isEqualTo(Action.SCALE_OUT);
        assertThat(out.desired()).as("ceil(2 x 90 / 50), not 2 + 1").isEqualTo(4);
        assertThat(out.cause()).contains("AlarmHigh").contains("average CPU 90% > target 50%");
        assertThat(policy.progress().periodsAbove()).isZero();
    }

    @Test
    void aDipBelowTheTargetStartsTheCountAgain() {
        sample(80, 2, 2);
        sample(80, 2, 2);
        sample(40, 2, 2);
        sample(80, 2, 2);
        assertThat(sample(80, 2, 2).action()).isEqualTo(Action.NONE);
        assertThat(sample(80, 2, 2).action()).isEqualTo(Action.SCALE_OUT);
    }

    @Test
    void aLoadJustAboveTheTargetStillAddsOneTask() {
        for (int i = 0; i < 2; i++) {
            sample(51, 4, 4);
        }
        assertThat(sample(51, 4, 4)).extracting(Decision::action, Decision::desired).containsExactly(Action.SCALE_OUT, 5);
    }

    @Test
    void scaleOutStopsAtTheMaximum() {
        for (int i = 0; i < 2; i++) {
            sample(100, 8, 8);
        }
        assertThat(sample(100, 8, 8).desired()).isEqualTo(10);
        for (int i = 0; i < 3; i++) {
            assertThat(sample(100, 10, 10).action()).isEqualTo(Action.NONE);
        }
    }

    @Test
    void duringTheScaleOutCooldownItScalesOutOnlyToMoreThanItAskedFor() {
        TargetTracking slow = new TargetTracking("shop", 50, 1, 20, Duration.ofMinutes(10), Duration.ofMinutes(5));
        Instant t = T0;
        for (int i = 0; i < 3; i++) {
            slow.evaluate(t = t.plus(PERIOD), 75, 2, 2);
        }
        // Asked for 3; the new tasks are not serving yet and the two old ones stay at 75 %: ceil(2 x 75 / 50) = 3.
        for (int i = 0; i < 3; i++) {
            assertThat(slow.evaluate(t = t.plus(PERIOD), 75, 2, 3).action()).isEqualTo(Action.NONE);
        }
        // Still in the cooldown and the high alarm still firing, but the load grew: 3 x 100 / 50 = 6 is more than 3.
        assertThat(slow.evaluate(t.plus(PERIOD), 100, 3, 3)).extracting(Decision::action, Decision::desired)
                .containsExactly(Action.SCALE_OUT, 6);
    }

    @Test
    void fifteenPeriodsBelowNinetyPercentOfTheTargetScaleIn() {
        for (int i = 0; i < 14; i++) {
            assertThat(sample(10, 6, 6).action()).as("period " + (i + 1)).isEqualTo(Action.NONE);
        }
        assertThat(policy.progress().periodsBelow()).isEqualTo(14);

        Decision in = sample(10, 6, 6);

        assertThat(in.action()).isEqualTo(Action.SCALE_IN);
        assertThat(in.desired()).as("ceil(6 x 10 / 50)").isEqualTo(2);
        assertThat(in.cause()).contains("AlarmLow").contains("< 45%");
    }

    @Test
    void justUnderTheTargetIsNotLowEnoughToScaleIn() {
        for (int i = 0; i < 30; i++) {
            assertThat(sample(46, 4, 4).action()).isEqualTo(Action.NONE);
        }
        assertThat(policy.progress().periodsBelow()).isZero();
    }

    @Test
    void scaleInRemovesAtLeastOneAndStopsAtTheMinimum() {
        TargetTracking bounded = new TargetTracking("shop", 50, 3, 10, Duration.ofSeconds(60), Duration.ofSeconds(60));
        Instant t = T0;
        Decision last = null;
        for (int i = 0; i < 15; i++) {
            last = bounded.evaluate(t = t.plus(PERIOD), 44, 4, 4);
        }
        assertThat(last).extracting(Decision::action, Decision::desired).containsExactly(Action.SCALE_IN, 3);
        for (int i = 0; i < 15; i++) {
            last = bounded.evaluate(t = t.plus(PERIOD), 0, 3, 3);
        }
        assertThat(last.action()).isEqualTo(Action.NONE);
    }

    @Test
    void noScaleInWhileAScaleOutCooldownIsActive() {
        TargetTracking policy = new TargetTracking("shop", 50, 1, 10, Duration.ofMinutes(20), Duration.ofMinutes(1));
        Instant t = T0;
        for (int i = 0; i < 3; i++) {
            policy.evaluate(t = t.plus(PERIOD), 90, 2, 2);
        }
        Instant scaledOut = t;
        Decision last = null;
        for (int i = 0; i < 15; i++) {
            last = policy.evaluate(t = t.plus(PERIOD), 5, 4, 4);
        }
        assertThat(t).isBefore(scaledOut.plus(Duration.ofMinutes(20)));
        assertThat(last.action()).isEqualTo(Action.NONE);
        assertThat(policy.progress().scaleOutCooldownEnds()).isEqualTo(scaledOut.plus(Duration.ofMinutes(20)));
        // Once the cooldown is over, the low alarm that kept firing scales in at the next period.
        while (t.isBefore(scaledOut.plus(Duration.ofMinutes(19)))) {
            assertThat(policy.evaluate(t = t.plus(PERIOD), 5, 4, 4).action()).isEqualTo(Action.NONE);
        }
        assertThat(policy.evaluate(t.plus(PERIOD), 5, 4, 4).action()).isEqualTo(Action.SCALE_IN);
    }

    @Test
    void successiveScaleInsWaitForTheScaleInCooldown() {
        Decision last;
        for (int i = 0; i < 15; i++) {
            sample(10, 6, 6);
        }
        Instant first = policy.progress().scaleInCooldownEnds().minus(Duration.ofSeconds(300));
        int scaleIns = 0;
        for (int i = 0; i < 30; i++) {
            last = sample(10, 2, 2);
            if (last.action() == Action.SCALE_IN) {
                scaleIns++;
                assertThat(T0.plus(PERIOD.multipliedBy(minute - 1))).isAfterOrEqualTo(first.plus(Duration.ofSeconds(300)));
            }
        }
        assertThat(scaleIns).isEqualTo(2); // 15 more low periods each time, and after the cooldown
    }

    @Test
    void boundsAndTargetAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TargetTracking("shop", 0, 1, 2, PERIOD, PERIOD))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TargetTracking("shop", 50, 3, 2, PERIOD, PERIOD))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
