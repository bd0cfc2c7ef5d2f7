package dev.dockhand.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BlueGreenStatusTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void theBakeTimeCountsDownFromTheStartOfTheBakeAndStopsAtZero() {
        assertThat(BlueGreenStatus.bakeLeft(T, 10, T.plusSeconds(150))).isEqualTo(Duration.ofSeconds(450));
        assertThat(BlueGreenStatus.bakeLeft(T, 10, T.plusSeconds(900))).isEqualTo(Duration.ZERO);
    }

    @Test
    void trafficMovesAllAtOnceInTheProductionShift() {
        assertThat(BlueGreenStatus.trafficByStage("POST_TEST_TRAFFIC_SHIFT")).isZero();
        assertThat(BlueGreenStatus.trafficByStage("BAKE_TIME")).isEqualTo(100);
        assertThat(BlueGreenStatus.trafficByStage("PRODUCTION_TRAFFIC_SHIFT")).as("moving: read the weights").isNull();
    }

    @Test
    void aRollbackIsOfferedUntilTheBakeEnds() {
        BlueGreenStatus baking = new BlueGreenStatus("arn", "IN_PROGRESS", "BAKE_TIME", 100, Duration.ofSeconds(125), "http://lb:8080");
        assertThat(baking.canRollBack()).isTrue();
        assertThat(baking.describe()).isEqualTo("Blue/green: baking: the old revision stays ready for an instant rollback; "
                + "100 % of production traffic on the new revision; 2 min 05 s of bake time left");
        assertThat(new BlueGreenStatus("arn", "IN_PROGRESS", "CLEAN_UP", 100, null, null).canRollBack()).isFalse();
        assertThat(new BlueGreenStatus("arn", "SUCCESSFUL", "CLEAN_UP", 100, null, null).canRollBack()).isFalse();
    }
}
