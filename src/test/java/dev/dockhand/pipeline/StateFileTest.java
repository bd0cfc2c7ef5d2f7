package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rehearsal's state files stay inside Dockhand's state folder whatever name reaches them. */
class StateFileTest {

    @Test
    void namesThatLeaveTheFolderAreRefused() {
        for (String name : new String[] {"../x", "a/../../b", "/etc/passwd", "App", "", "a b"}) {
            assertThatThrownBy(() -> LocalSteps.stateFile(name, ".json")).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot name a file");
        }
    }

    @Test
    void aValidNameIsAFileDirectlyInTheStateFolder() {
        assertThat(LocalSteps.stateFile("shop-api", ".spec.json").getParent())
                .isEqualTo(LocalSteps.stateDirectory().toAbsolutePath().normalize());
    }
}
