package dev.dockhand.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writing files Dockhand generates into the user's project (and its own settings): atomically, so a
 * crash leaves the old file or the new one, never half; and never over a different file without
 * keeping a backup beside it.
 */
final class ProjectFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ProjectFile() {
    }

    /** Writes {@code text} to {@code file} atomically; unchanged content is not rewritten. */
    static void write(Path file, String text) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Not Files.createTempFile: its owner-only permissions would end up on the user's file.
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Like {@link #write}, but a different existing file is first copied to {@code <name>.<time>.dockhand-backup}. */
    static Path replaceKeepingBackup(Path file, String text) throws IOException {
        if (Files.isRegularFile(file) && !Files.readString(file).equals(text)) {
            String stamp = LocalDateTime.now().format(STAMP);
            Path backup = file.resolveSibling(file.getFileName() + "." + stamp + ".dockhand-backup");
            for (int i = 2; Files.exists(backup); i++) {
                backup = file.resolveSibling(file.getFileName() + "." + stamp + "-" + i + ".dockhand-backup");
            }
            Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
        }
        write(file, text);
        return file;
    }
}
