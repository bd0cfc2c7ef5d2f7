package dev.dockhand.pipeline;

import dev.dockhand.local.ProcessStart;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule that tells a rehearsal's background process from a later process that got its pid. */
class RehearsalProcessTest {

    private static final Path STATE = Path.of("/home/u/.cache/dockhand/rehearsals/app.json");
    private static final Instant STARTED = Instant.parse("2026-12-08T10:00:00.120Z");
    private static final long TICKS = 4_417_233L;
    private static final String COMMAND = "/usr/bin/java -cp x dev.dockhand.Main rehearsal-daemon /home/u/.cache/dockhand/"
            + "rehearsals/app.spec.json " + STATE;
    private static final RehearsalProcess.Recorded RECORDED = new RehearsalProcess.Recorded(TICKS, STARTED, STATE);

    private static RehearsalProcess.Observed process(Long ticks, Instant start, String command) {
        return new RehearsalProcess.Observed(true, false, Optional.ofNullable(ticks), Optional.ofNullable(start),
                Optional.ofNullable(command));
    }

    @Test
    void theSameStartAndItsCommandLineIsTheRehearsal() {
        assertThat(RehearsalProcess.isRehearsal(process(TICKS, STARTED.plusMillis(400), COMMAND), RECORDED)).isTrue();
    }

    @Test
    void theKernelsStartTicksDecideEvenWhenTheWallClockWasSteppedSince() {
        assertThat(RehearsalProcess.isRehearsal(process(TICKS, STARTED.plusSeconds(3600), COMMAND), RECORDED))
                .as("an NTP step moves Java's start instant, not the ticks").isTrue();
        assertThat(RehearsalProcess.isRehearsal(process(TICKS + 90_000, STARTED, COMMAND), RECORDED)).isFalse();
    }

    @Test
    void withoutTicksAnotherStartTimeIsAnotherProcessWhateverItsCommandLine() {
        var recorded = new RehearsalProcess.Recorded(null, STARTED, STATE);
        assertThat(RehearsalProcess.isRehearsal(process(null, STARTED.plusSeconds(60), COMMAND), recorded)).isFalse();
        assertThat(RehearsalProcess.isRehearsal(process(null, STARTED.plusMillis(300), COMMAND), recorded)).isTrue();
    }

    @Test
    void aCommandLineWithoutTheDaemonOrItsStateFileIsAnotherProcess() {
        assertThat(RehearsalProcess.isRehearsal(process(TICKS, STARTED, "sleep 300"), RECORDED)).isFalse();
        assertThat(RehearsalProcess.isRehearsal(process(TICKS, STARTED, COMMAND.replace("app.json", "other.json")), RECORDED)).isFalse();
    }

    @Test
    void withoutARecordedStartTheCommandLineDecidesAndWithNeitherTheAnswerIsNo() {
        var earlier = new RehearsalProcess.Recorded(null, null, STATE);
        assertThat(RehearsalProcess.isRehearsal(process(TICKS, STARTED, COMMAND), earlier)).isTrue();
        assertThat(RehearsalProcess.isRehearsal(process(null, null, null), RECORDED)).isFalse();
    }

    @Test
    void aDeadProcessOrAZombieIsNoRehearsal() {
        assertThat(RehearsalProcess.isRehearsal(new RehearsalProcess.Observed(false, false, Optional.of(TICKS), Optional.of(STARTED),
                Optional.of(COMMAND)), RECORDED)).isFalse();
        assertThat(RehearsalProcess.isRehearsal(new RehearsalProcess.Observed(true, true, Optional.of(TICKS), Optional.of(STARTED),
                Optional.of(COMMAND)), RECORDED)).isFalse();
    }

    @Test
    void thisVeryProcessIsObservedWithItsStartTicksAndCommandLine() {
        long pid = ProcessHandle.current().pid();
        RehearsalProcess.Observed self = RehearsalProcess.observe(pid);
        assertThat(self.alive()).isTrue();
        assertThat(self.start()).isPresent();
        assertThat(self.startTicks()).isPresent().isEqualTo(ProcessStart.ticks(pid));
        assertThat(self.commandLine()).get().asString().contains("java");
    }
}
