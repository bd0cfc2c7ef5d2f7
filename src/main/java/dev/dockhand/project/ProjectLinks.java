package dev.dockhand.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one rule for symbolic links in a project, for every file Dockhand reads for values or writes over
 * (dotenv files, {@code dockhand.yaml}, the Dockerfile, {@code .dockerignore}, the Procfile, the workflow,
 * the manifests the analysis reads): a link whose target is inside the project is followed; a link that
 * leaves it is refused, with its target named, since a cloned project could otherwise hand Dockhand any
 * file the user can read ({@code .env -> ~/.aws/credentials}). Writes never go through a link; see
 * {@code ProjectFile} in the pipeline.
 */
public final class ProjectLinks {

    /** A file of the project that is a link to somewhere outside it. */
    public static final class OutsideProject extends IOException {
        private final transient Path target;

        OutsideProject(Path file, Path target) {
            super(file + " is a link to " + target + ", outside the project: Dockhand reads no file outside the project. "
                    + "Put a copy of the file in its place, or remove the link.");
            this.target = target;
        }

        public Path target() {
            return target;
        }
    }

    private ProjectLinks() {
    }

    /**
     * Where {@code file} really is when a link on its way from {@code root} (the file itself or a folder
     * above it) leads outside {@code root}; empty when it stays inside, or when nothing is there.
     */
    public static Optional<Path> outside(Path root, Path file) {
        Path realRoot = real(root).orElse(root.toAbsolutePath().normalize());
        Path absolute = file.toAbsolutePath().normalize();
        Optional<Path> real = real(absolute);
        if (real.isPresent()) {
            return real.get().startsWith(realRoot) ? Optional.empty() : real;
        }
        if (!Files.isSymbolicLink(absolute)) {
            // Nothing there yet: the folder above may still be a link out of the project.
            return real(absolute.getParent()).filter(parent -> !parent.startsWith(realRoot))
                    .map(parent -> parent.resolve(absolute.getFileName()));
        }
        // A dangling link: where it points, which is outside when it is absolute or climbs out.
        try {
            Path target = absolute.getParent().resolve(Files.readSymbolicLink(absolute)).normalize();
            return target.startsWith(realRoot) || target.startsWith(root.toAbsolutePath().normalize())
                    ? Optional.empty() : Optional.of(target);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** {@code file}, checked for reading: an {@link OutsideProject} when a link takes it out of {@code root}. */
    public static Path forReading(Path root, Path file) throws OutsideProject {
        Optional<Path> target = outside(root, file);
        if (target.isPresent()) {
            throw new OutsideProject(root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()), target.get());
        }
        return file;
    }

    /** Reads {@code file} of the project {@code root} as UTF-8, refusing a link out of the project. */
    public static String readString(Path root, Path file) throws IOException {
        return Files.readString(forReading(root, file));
    }

    /** True when {@code file} exists as a regular file and no link takes it out of {@code root}. */
    public static boolean isProjectFile(Path root, Path file) {
        return Files.isRegularFile(file) && outside(root, file).isEmpty();
    }

    private static Optional<Path> real(Path path) {
        try {
            return path == null ? Optional.empty() : Optional.of(path.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
