package dev.dockhand.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * How Dockhand writes a file it generates into a project (the Dockerfile, {@code .dockerignore},
 * {@code dockhand.yaml}, the workflow, the template): atomically, so a crash leaves the old file or the
 * new one; never over different content without a timestamped backup beside it; and never through a
 * symbolic link. A link is backed up as the link it is (its target is not copied into the project, where
 * {@code git add -A} would commit it) and replaced by a regular file; a folder on the way that leads out
 * of the project is refused.
 */
public final class ProjectWrites {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** A temporary file older than this was left by a write that was killed, not by one that runs. */
    private static final Duration STALE_TEMP = Duration.ofMinutes(1);

    private ProjectWrites() {
    }

    /** True when {@code file} is a regular file (not a link) that already holds exactly {@code text}. */
    public static boolean holds(Path file, String text) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(file, StandardCharsets.UTF_8).equals(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code text} to {@code file} in the project {@code root}; an existing file with other content, or
     * a link, is first backed up. Returns the backup, if one was made.
     */
    public static Optional<Path> replace(Path root, Path file, String text, Clock clock) throws IOException {
        refuseFolderOutside(root, file);
        if (holds(file, text)) {
            return Optional.empty();
        }
        Optional<Path> backup = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(backup(file, clock)) : Optional.empty();
        writeAtomically(file, text);
        return backup;
    }

    /**
     * Copies {@code file} to {@code file.<timestamp>.dockhand-backup}, never over an earlier backup. A link is
     * copied as a link.
     */
    public static Path backup(Path file, Clock clock) throws IOException {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path backup = file.resolveSibling(file.getFileName() + "." + stamp + ".dockhand-backup");
        for (int i = 2; Files.exists(backup, LinkOption.NOFOLLOW_LINKS); i++) {
            backup = file.resolveSibling(file.getFileName() + "." + stamp + "-" + i + ".dockhand-backup");
        }
        Files.copy(file, backup, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        return backup;
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file beside it, moved over the old one (which
     * replaces a link rather than writing into its target); sweeps temporary files a killed write left.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        sweepTemporaryFiles(file);
        // Not Files.createTempFile: its owner-only permissions would end up on the user's file.
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                copyPermissions(file, temp);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A write into a folder that a link takes out of the project would land outside it: refused. */
    private static void refuseFolderOutside(Path root, Path file) throws IOException {
        Path folder = file.toAbsolutePath().normalize().getParent();
        while (folder != null && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            folder = folder.getParent();
        }
        if (folder != null) {
            Optional<Path> outside = ProjectLinks.outside(root, folder);
            if (outside.isPresent()) {
                throw new ProjectLinks.OutsideProject(root.toAbsolutePath().normalize().relativize(folder), outside.get());
            }
        }
    }

    private static void sweepTemporaryFiles(Path file) {
        String prefix = "." + file.getFileName() + ".";
        FileTime before = FileTime.from(java.time.Instant.now().minus(STALE_TEMP));
        try (DirectoryStream<Path> left = Files.newDirectoryStream(file.toAbsolutePath().getParent(), prefix + "*.tmp")) {
            for (Path temp : left) {
                String id = temp.getFileName().toString().substring(prefix.length()).replaceFirst("\\.tmp$", "");
                if (isUuid(id) && Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only tidiness is lost; the write itself goes on.
        }
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the new file keeps the folder's default permissions.
        }
    }
}
