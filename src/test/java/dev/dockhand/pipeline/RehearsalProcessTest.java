package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule that tells a rehearsal's background process from a later process that got its pid. */
class RehearsalProcessTest {

    private static final Path STATE = Path.of("/home/u/.cache/dockhand/rehearsals/app.json");
    private static final Instant STARTED = Instant.parse("2026-12-08T10:00:00.120Z");
    private static final String COMMAND = "/usr/bin/java -cp x dev.dockhand.Main rehearsal-daemon /home/u/.cache/dockhand/"
            + "rehearsals/app.spec.json " + STATE;

    private static RehearsalProcess.Observed process(Instant start, String command) {
        return new RehearsalProcess.Observed(true, false, Optional.ofNullable(start), Optional.ofNullable(command));
    }

    @Test
    void theSameStartAndItsCommandLineIsTheRehearsal() {
        assertThat(RehearsalProcess.isRehearsal(process(STARTED.plusMillis(400), COMMAND), STARTED, STATE)).isTrue();
    }

    @Test
    void anotherStartTimeIsAnotherProcessWhateverItsCommandLine() {
        assertThat(RehearsalProcess.isRehearsal(process(STARTED.plusSeconds(60), COMMAND), STARTED, STATE)).isFalse();
    }

    @Test
    void aCommandLineWithoutTheDaemonOrItsStateFileIsAnotherProcess() {
        assertThat(RehearsalProcess.isRehearsal(process(STARTED, "sleep 300"), STARTED, STATE)).isFalse();
        assertThat(RehearsalProcess.isRehearsal(process(STARTED, COMMAND.replace("app.json", "other.json")), STARTED, STATE)).isFalse();
    }

    @Test
    void withoutARecordedStartTheCommandLineDecidesAndWithNeitherTheAnswerIsNo() {
        assertThat(RehearsalProcess.isRehearsal(process(STARTED, COMMAND), null, STATE)).isTrue();
        assertThat(RehearsalProcess.isRehearsal(process(null, null), STARTED, STATE)).isFalse();
    }

    @Test
    void aDeadProcessOrAZombieIsNoRehearsal() {
        assertThat(RehearsalProcess.isRehearsal(new RehearsalProcess.Observed(false, false, Optional.of(STARTED),
                Optional.of(COMMAND)), STARTED, STATE)).isFalse();
        assertThat(RehearsalProcess.isRehearsal(new RehearsalProcess.Observed(true, true, Optional.of(STARTED),
                Optional.of(COMMAND)), STARTED, STATE)).isFalse();
    }

    @Test
    void thisVeryProcessIsObservedWithItsStartAndCommandLine() {
        RehearsalProcess.Observed self = RehearsalProcess.observe(ProcessHandle.current().pid());
        assertThat(self.alive()).isTrue();
        assertThat(self.start()).isPresent();
        assertThat(self.commandLine()).get().asString().contains("java");
    }
}
