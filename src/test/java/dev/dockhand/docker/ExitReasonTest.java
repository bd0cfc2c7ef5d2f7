package dev.dockhand.docker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Test step says when the app exits, from its exit code and last lines. */
class ExitReasonTest {

    @Test
    void programNotFoundNamesTheProgram() {
        assertThat(LocalTrial.exitReason(127, List.of("sh: 1: nx: not found")))
                .startsWith("`nx` is not in the image (exit code 127)").contains("development dependency");
    }

    @Test
    void exitZeroSaysTheStartCommandEnded() {
        assertThat(LocalTrial.exitReason(0, List.of("migrated"))).startsWith("The start command ended (exit code 0)")
                .endsWith("migrated");
    }

    @Test
    void otherCodesKeepTheEvidence() {
        assertThat(LocalTrial.exitReason(3, List.of("boom: DATABASE_URL is not set")))
                .contains("exited with code 3").contains("boom: DATABASE_URL is not set");
    }
}
