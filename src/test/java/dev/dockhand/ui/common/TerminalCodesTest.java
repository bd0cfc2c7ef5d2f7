package dev.dockhand.ui.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A build or container log's colour codes are taken out of the lines the log views show. */
class TerminalCodesTest {

    @Test
    void colourCursorAndTitleCodesAreTakenOutAndTheTextStays() {
        assertThat(FxEvents.withoutTerminalCodes("\u001B[91mnpm ERR!\u001B[0m missing script: build")).isEqualTo("npm ERR! missing script: build");
        assertThat(FxEvents.withoutTerminalCodes("\u001B[1;32m✔\u001B[39;22m compiled \u001B[2K\u001B[1G")).isEqualTo("✔ compiled ");
        assertThat(FxEvents.withoutTerminalCodes("\u001B]0;title\u0007done")).isEqualTo("done");
        assertThat(FxEvents.withoutTerminalCodes("plain [brackets] and 50% stay")).isEqualTo("plain [brackets] and 50% stay");
    }
}
