package dev.dockhand.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the pid a rehearsal's state file names is still that rehearsal's background process. After a
 * crash the pid may belong to an unrelated process, which must never get a signal: the process must have
 * started when the state says and carry {@code rehearsal-daemon} and the state file's path on its command
 * line. What the system cannot tell (no start time, no command line) counts against it.
 */
final class RehearsalProcess {

    /** The process table's start times are in clock ticks: the same process reads the same to within one. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    /** What the state file recorded and what the process table says now. */
    record Observed(boolean alive, boolean zombie, Optional<Long> startTicks, Optional<Instant> start, Optional<String> commandLine) {
    }

    /** What the state file recorded of the process it names. */
    record Recorded(Long startTicks, Instant start, Path stateFile) {
    }

    private RehearsalProcess() {
    }

    /** The pure rule, for what was {@linkplain #observe observed}. */
    static boolean isRehearsal(Observed process, Recorded recorded) {
        if (!process.alive() || process.zombie()) {
            return false;
        }
        // The kernel's start ticks when both are known (immune to clock steps), else the start time within a tick.
        boolean ticksKnown = recorded.startTicks() != null && process.startTicks().isPresent();
        boolean startKnown = ticksKnown || recorded.start() != null && process.start().isPresent();
        if (ticksKnown ? !recorded.startTicks().equals(process.startTicks().get())
                : startKnown && Duration.between(recorded.start(), process.start().get()).abs().compareTo(START_TOLERANCE) > 0) {
            return false;
        }
        boolean commandKnown = process.commandLine().isPresent();
        if (commandKnown && !(process.commandLine().get().contains("rehearsal-daemon")
                && process.commandLine().get().contains(recorded.stateFile().toString()))) {
            return false;
        }
        return startKnown || commandKnown;
    }

    static boolean isRehearsal(long pid, Recorded recorded) {
        return isRehearsal(observe(pid), recorded);
    }

    static Observed observe(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return new Observed(false, false, Optional.empty(), Optional.empty(), Optional.empty());
        }
        ProcessHandle.Info info = handle.get().info();
        return new Observed(true, zombie(pid), dev.dockhand.local.ProcessStart.ticks(pid), info.startInstant(), commandLine(pid, info));
    }

    /**
     * A killed process whose parent is gone stays a zombie where nothing reaps it (a container without an
     * init): Java calls it alive, /proc says "Z".
     */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (macOS, Windows): the process table's word stands
        }
    }

    /** The whole command line: /proc's where there is one (Java's is cut short on some systems), else Java's. */
    private static Optional<String> commandLine(long pid, ProcessHandle.Info info) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            if (raw.length > 0) {
                return Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not ours to read
        }
        return info.commandLine();
    }
}
