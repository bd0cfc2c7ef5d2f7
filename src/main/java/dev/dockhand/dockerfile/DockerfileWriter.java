package dev.dockhand.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes Dockerfile and .dockerignore into a project. A file that exists and differs is replaced only
 * when the caller says so, and then a timestamped copy is kept beside it; each file is written
 * atomically, so a crash never leaves half a file.
 */
public final class DockerfileWriter {

    public static final String DOCKERFILE = "Dockerfile";
    public static final String DOCKERIGNORE = ".dockerignore";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Clock clock;

    public DockerfileWriter() {
        this(Clock.systemDefaultZone());
    }

    public DockerfileWriter(Clock clock) {
        this.clock = clock;
    }

    /** What happened to each file. */
    public record Result(List<Path> written, List<Path> unchanged, List<Path> backups) {
    }

    /**
     * Writes the proposal into {@code project}.
     *
     * @param replaceExisting when false and a file exists with other content, nothing is written at all
     * @throws ExistingFileException when a file exists, differs and {@code replaceExisting} is false
     */
    public Result write(Path project, Proposal proposal, boolean replaceExisting) throws IOException, ExistingFileException {
        List<Path> conflicts = new ArrayList<>();
        for (var file : List.of(DOCKERFILE, DOCKERIGNORE)) {
            Path target = project.resolve(file);
            String content = file.equals(DOCKERFILE) ? proposal.dockerfile() : proposal.dockerignore();
            if (Files.exists(target) && !read(target).equals(Optional.of(content))) {
                conflicts.add(target);
            }
        }
        if (!conflicts.isEmpty() && !replaceExisting) {
            throw new ExistingFileException(conflicts);
        }
        List<Path> written = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        List<Path> backups = new ArrayList<>();
        for (var file : List.of(DOCKERFILE, DOCKERIGNORE)) {
            Path target = project.resolve(file);
            String content = file.equals(DOCKERFILE) ? proposal.dockerfile() : proposal.dockerignore();
            if (Files.exists(target) && read(target).equals(Optional.of(content))) {
                unchanged.add(target);
                continue;
            }
            if (Files.exists(target)) {
                backups.add(backup(target));
            }
            writeAtomically(target, content);
            written.add(target);
        }
        return new Result(written, unchanged, backups);
    }

    /** Copies {@code file} to {@code file.<timestamp>.dockhand-backup}, never over an earlier backup. */
    Path backup(Path file) throws IOException {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path backup = file.resolveSibling(file.getFileName() + "." + stamp + ".dockhand-backup");
        for (int i = 2; Files.exists(backup); i++) {
            backup = file.resolveSibling(file.getFileName() + "." + stamp + "-" + i + ".dockhand-backup");
        }
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
        return backup;
    }

    static void writeAtomically(Path target, String content) throws IOException {
        // Not Files.createTempFile: its owner-only permissions would end up on the user's file.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (Files.exists(target)) {
                copyPermissions(target, temp);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the new file keeps the folder's default permissions.
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Existing files differ from the proposal and were left alone. */
    public static final class ExistingFileException extends Exception {
        private final List<Path> files;

        public ExistingFileException(List<Path> files) {
            super(String.join(" and ", files.stream().map(f -> f.getFileName().toString()).toList())
                    + " already exist" + (files.size() == 1 ? "s" : "") + " with other content; nothing was changed. "
                    + "Use --force to replace (a backup is kept), or keep using your own.");
            this.files = List.copyOf(files);
        }

        public List<Path> files() {
            return files;
        }
    }
}
