package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectWrites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Dockerfile and .dockerignore into a project. A file that exists and differs is replaced only
 * when the caller says so, and then a timestamped copy is kept beside it; each file is written
 * atomically, so a crash never leaves half a file, and never through a link ({@link ProjectWrites}).
 */
public final class DockerfileWriter {

    public static final String DOCKERFILE = "Dockerfile";
    public static final String DOCKERIGNORE = ".dockerignore";

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
            // A link is never read through, so it always differs: it is replaced (and kept as a link) on --force.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !ProjectWrites.holds(target, content(proposal, file))) {
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
            if (ProjectWrites.holds(target, content(proposal, file))) {
                unchanged.add(target);
                continue;
            }
            ProjectWrites.replace(project, target, content(proposal, file), clock).ifPresent(backups::add);
            written.add(target);
        }
        return new Result(written, unchanged, backups);
    }

    private static String content(Proposal proposal, String file) {
        return file.equals(DOCKERFILE) ? proposal.dockerfile() : proposal.dockerignore();
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
