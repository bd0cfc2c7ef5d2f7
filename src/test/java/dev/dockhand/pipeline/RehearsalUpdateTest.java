package dev.dockhand.pipeline;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.local.RehearsalSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A running rehearsal takes a new image, not a new port or health path. */
class RehearsalUpdateTest {

    private static RehearsalSpec spec(int port, String health) {
        return LocalSteps.spec(ServiceSettings.defaults("shop", port, health), "shop:1", LocalSteps.Tuning.none());
    }

    @Test
    void aNewImageWithTheSamePortAndHealthPathRollsIn() {
        assertThatCode(() -> LocalSteps.refuseChangedServing(spec(3000, "/health"), spec(3000, "/health"))).doesNotThrowAnyException();
    }

    @Test
    void aNewPortOrHealthPathIsRefusedNamingTheWayOn() {
        assertThatThrownBy(() -> LocalSteps.refuseChangedServing(spec(3000, "/health"), spec(8080, "/health")))
                .isInstanceOf(StepException.class)
                .hasMessage("The rehearsal shop runs with port 3000 and health path /health; this start asks for port 8080 and "
                        + "/health, which a running rehearsal cannot change. Stop it (Stop Rehearsal, or `dockhand destroy` with "
                        + "--target local), then start it again.");
        assertThatThrownBy(() -> LocalSteps.refuseChangedServing(spec(3000, "/health"), spec(3000, "/ready")))
                .isInstanceOf(StepException.class);
    }
}
