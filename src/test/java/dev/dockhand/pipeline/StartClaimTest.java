package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim a local deploy holds while it starts a rehearsal's background process. */
class StartClaimTest {

    @TempDir
    Path state;

    @Test
    void aHeldClaimIsRefusedUntilItIsGivenUp() throws Exception {
        Path file = state.resolve("shop.starting");
        Optional<StartClaim> first = StartClaim.take(file);
        assertThat(first).isPresent();
        assertThat(Files.readString(file).strip()).startsWith(ProcessHandle.current().pid() + " ");

        assertThat(StartClaim.take(file)).as("held by a live process").isEmpty();

        first.get().close();
        assertThat(file).doesNotExist();
        try (StartClaim again = StartClaim.take(file).orElseThrow()) {
            assertThat(file).exists();
        }
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void aClaimLeftByAProcessThatIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        long pid = gone.pid();
        String started = gone.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("0");
        gone.waitFor();
        Path file = state.resolve("shop.starting");
        Files.writeString(file, pid + " " + started + "\n");

        try (StartClaim claim = StartClaim.take(file).orElseThrow()) {
            assertThat(Files.readString(file).strip()).startsWith(ProcessHandle.current().pid() + " ");
        }
    }

    @Test
    void aReusedProcessIdDoesNotKeepAClaim() throws Exception {
        // This process's id with another start time: the claimant is gone and its id now names someone else.
        Path file = state.resolve("shop.starting");
        Files.writeString(file, ProcessHandle.current().pid() + " 1\n");

        assertThat(StartClaim.take(file)).isPresent();
    }
}
