package dev.dockhand.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A deploy's claim to start the background process of one rehearsal: the file {@code NAME.starting} in
 * Dockhand's state folder, created only if absent and naming the claiming process. It is held from the
 * check that no rehearsal runs until the new process has taken its lock and written its state, so a second
 * deploy started at the same moment is refused instead of starting a second process. A claim whose process
 * is gone (a deploy killed while starting) is stale and is taken over.
 */
final class StartClaim implements AutoCloseable {

    private final Path file;
    private final String owner;

    private StartClaim(Path file, String owner) {
        this.file = file;
        this.owner = owner;
    }

    /** The claim, or empty when a live process holds it. */
    static Optional<StartClaim> take(Path file) throws IOException {
        String owner = identity(ProcessHandle.current());
        for (int attempt = 0; attempt < 2; attempt++) {
            if (create(file, owner)) {
                return Optional.of(new StartClaim(file, owner));
            }
            String holder;
            try {
                holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException released) {
                continue;
            }
            if (holderAlive(holder)) {
                return Optional.empty();
            }
            // Left by a deploy that was killed while it started a rehearsal: take it over, once.
            Files.deleteIfExists(file);
        }
        return Optional.empty();
    }

    /**
     * Creates the file with its whole content at once: written to a private temporary file, then linked
     * under the claim's name, which fails when the name exists. A reader never sees a half-written claim.
     */
    private static boolean create(Path file, String owner) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, owner + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temp);
                return true;
            } catch (UnsupportedOperationException noLinks) {
                // no hard links on this file system: exclusive create (a reader may briefly see it empty)
                try {
                    Files.writeString(file, owner + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } catch (FileAlreadyExistsException held) {
                    return false;
                }
            } catch (FileAlreadyExistsException held) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** "PID START": the start time tells a reused process id from the claimant. */
    private static String identity(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("?");
    }

    private static boolean holderAlive(String holder) {
        String[] parts = holder.split(" ");
        if (parts.length != 2 || !parts[0].chars().allMatch(Character::isDigit) || parts[0].isEmpty()) {
            // empty: being written by exclusive create right now; anything else is not ours to judge
            return true;
        }
        return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
                .map(p -> parts[1].equals("?") || identity(p).equals(holder)).orElse(false);
    }

    /** Gives the claim up, if it is still this process's. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).strip().equals(owner)) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            // taken over or removed already
        }
    }
}
