package dev.dockhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartArchiveTest {

    private static final String SCRIPT = "/opt/dockhand/lib/app/cds-archive.sh";

    @Test
    void nothingToDoOutsideTheInstalledApp() {
        assertThat(StartArchive.need(null, "mixed mode", true)).isEqualTo(StartArchive.Need.NOTHING);
        assertThat(StartArchive.need(" ", "mixed mode", true)).isEqualTo(StartArchive.Need.NOTHING);
    }

    @Test
    void nothingToDoWhenTheJvmMapsTheArchive() {
        assertThat(StartArchive.need(SCRIPT, "mixed mode, sharing", true)).isEqualTo(StartArchive.Need.NOTHING);
        assertThat(StartArchive.need(SCRIPT, "mixed mode, sharing", false)).isEqualTo(StartArchive.Need.NOTHING);
    }

    @Test
    void anUnusedArchiveIsRemadeWhereTheAppMayWriteAndAskedForElsewhere() {
        assertThat(StartArchive.need(SCRIPT, "mixed mode", true)).isEqualTo(StartArchive.Need.REMAKE);
        assertThat(StartArchive.need(SCRIPT, "interpreted mode", false)).isEqualTo(StartArchive.Need.ASK);
        assertThat(StartArchive.need(SCRIPT, null, false)).isEqualTo(StartArchive.Need.ASK);
    }
}
