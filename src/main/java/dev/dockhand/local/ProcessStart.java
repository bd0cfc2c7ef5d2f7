package dev.dockhand.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * When a process started, in the kernel's clock ticks since boot ({@code /proc/PID/stat}, field 22): the same
 * number for the same process whatever the wall clock does (an NTP step, a resumed VM), and a different one
 * for a later process that got the same pid. Empty where there is no /proc (macOS, Windows).
 */
public final class ProcessStart {

    private ProcessStart() {
    }

    public static Optional<Long> ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19])); // field 22 of the whole line
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
