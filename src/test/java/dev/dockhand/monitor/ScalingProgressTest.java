package dev.dockhand.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scaling progress line, from the same one-minute CPU averages the alarms read. */
class ScalingProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ScalingLimits LIMITS = new ScalingLimits(2, 6, 50.0, 60, 300, 60);

    private static ServiceSnapshot snapshot(int desired, ScalingLimits limits, List<ScalingActivity> activities, double... cpu) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < cpu.length; i++) {
            points.add(new MetricPoint(T0.plusSeconds(60L * i), cpu[i], cpu[i], desired));
        }
        return new ServiceSnapshot(T0, "shop", "ACTIVE", desired, desired, 0, List.of(), List.of(), activities, List.of(), points,
                List.of(), List.of(), null, limits, List.of(), List.of());
    }

    private static String line(ServiceSnapshot s, Instant now) {
        return ScalingProgress.describe(s, now).orElseThrow();
    }

    @Test
    void periodsAboveTheTargetCountTowardsTheScaleOut() {
        assertThat(line(snapshot(2, LIMITS, List.of(), 30, 80, 85), T0))
                .isEqualTo("CPU 85 %, above the 50 % target for 2 of 3 periods: scale-out in about 60 s.");
        assertThat(line(snapshot(2, LIMITS, List.of(), 80, 85, 90, 91), T0)).contains("3 of 3 periods: scale-out due now.");
    }

    @Test
    void atTheMaximumItSaysWhatToChangeInstead() {
        assertThat(line(snapshot(6, LIMITS, List.of(), 90, 95), T0)).contains("at its maximum of 6 tasks: raise the maximum");
    }

    @Test
    void periodsBelowNinetyPercentCountTowardsTheScaleInAndACooldownPostponesIt() {
        assertThat(line(snapshot(4, LIMITS, List.of(), 60, 10, 12, 11), T0))
                .isEqualTo("CPU 11 %, below 45 % (90 % of the target) for 3 of 15 periods: scale-in in about 12 min.");
        ScalingActivity scaledOut = new ScalingActivity(T0, "monitor alarm TargetTracking-service/shop-AlarmHigh in state ALARM",
                "Setting desired count to 4.", "Successful");
        ServiceSnapshot afterScaleOut = snapshot(4, new ScalingLimits(2, 6, 50.0, 1800, 300, 60), List.of(scaledOut),
                10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        assertThat(line(afterScaleOut, T0.plus(Duration.ofMinutes(16))))
                .isEqualTo("CPU 10 %, below 45 % (90 % of the target) for 15 of 15 periods: scale-in in about 14 min (cooldown: 14 min left).");
        assertThat(line(snapshot(2, LIMITS, List.of(), 10, 10), T0)).contains("at its minimum of 2 tasks");
    }

    @Test
    void betweenTheThresholdsNothingIsDueAndWithoutATargetThereIsNoLine() {
        assertThat(line(snapshot(3, LIMITS, List.of(), 47), T0)).isEqualTo("CPU 47 %, within the target band (45-50 %): no scaling due.");
        assertThat(ScalingProgress.describe(snapshot(3, new ScalingLimits(2, 6, null), List.of(), 47), T0)).isEmpty();
        assertThat(ScalingProgress.describe(snapshot(3, LIMITS, List.of()), T0)).isEmpty();
    }
}
