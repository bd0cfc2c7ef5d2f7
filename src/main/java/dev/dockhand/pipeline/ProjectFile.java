package dev.dockhand.pipeline;

import dev.dockhand.project.ProjectWrites;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Writing files Dockhand generates into the user's project (and its own settings): atomically, never
 * through a link, and never over a different file without keeping a backup beside it; the rules are
 * {@link ProjectWrites}'s.
 */
final class ProjectFile {

    private ProjectFile() {
    }

    /** Writes {@code text} to {@code file} atomically (Dockhand's own files); unchanged content is not rewritten. */
    static void write(Path file, String text) throws IOException {
        if (!ProjectWrites.holds(file, text)) {
            ProjectWrites.writeAtomically(file, text);
        }
    }

    /**
     * Writes {@code text} to {@code file} of the project {@code root}; a different existing file, or a link, is
     * first copied to {@code <name>.<time>.dockhand-backup}.
     */
    static Path replaceKeepingBackup(Path root, Path file, String text) throws IOException {
        ProjectWrites.replace(root, file, text, Clock.systemDefaultZone());
        return file;
    }
}
