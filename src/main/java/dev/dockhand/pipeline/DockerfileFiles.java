package dev.dockhand.pipeline;

import java.nio.file.Path;
import java.util.List;

/** The Dockerfile and .dockerignore texts a project is built with: Dockhand's proposal or the user's edit. */
public record DockerfileFiles(String dockerfile, String dockerignore) {

    /** True when {@code dockerfile} is one Dockhand wrote (its header is still there), not the user's own. */
    public static boolean writtenByDockhand(String dockerfile) {
        return dev.dockhand.project.ExistingDockerfile.writtenByDockhand(dockerfile);
    }

    /** What saving did: files written, files that already had this content, and the backups kept. */
    public record Saved(List<Path> written, List<Path> unchanged, List<Path> backups) {
    }

    /** Existing files differ from what would be written, and were left alone. */
    public static final class ExistingFilesException extends Exception {
        private final List<Path> files;

        ExistingFilesException(String message, List<Path> files) {
            super(message);
            this.files = List.copyOf(files);
        }

        public List<Path> files() {
            return files;
        }
    }
}
