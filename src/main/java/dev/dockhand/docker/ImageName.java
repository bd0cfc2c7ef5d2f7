package dev.dockhand.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Image names and tags for a project: the folder's name as repository, and an immutable tag, the
 * short git commit when the folder is a git checkout, else a timestamp. Never only {@code latest}:
 * a new tag is what makes a deployment roll out.
 */
public final class ImageName {

    private ImageName() {
    }

    /** A valid repository name from a folder name: lower case, [a-z0-9._-], starting with a letter or digit. */
    public static String repository(Path folder) {
        String name = folder.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "").replaceAll("[._-]+$", "");
        return name.isEmpty() ? "app" : name;
    }

    public static String tag(Path folder, Clock clock) {
        return gitCommit(folder).map(c -> c.substring(0, 12))
                .orElseGet(() -> LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    public static String reference(Path folder, Clock clock) {
        return repository(folder) + ":" + tag(folder, clock);
    }

    /** The checked-out commit, read from .git without needing git installed. */
    static Optional<String> gitCommit(Path folder) {
        Path git = folder.resolve(".git");
        try {
            if (Files.isRegularFile(git)) { // a worktree or submodule: "gitdir: <path>"
                String pointer = Files.readString(git).strip();
                if (!pointer.startsWith("gitdir:")) {
                    return Optional.empty();
                }
                git = folder.resolve(pointer.substring(7).strip());
            }
            Path headFile = git.resolve("HEAD");
            if (!Files.isRegularFile(headFile)) {
                return Optional.empty();
            }
            String head = Files.readString(headFile).strip();
            if (!head.startsWith("ref:")) {
                return commit(head);
            }
            String ref = head.substring(4).strip();
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return commit(Files.readString(loose).strip());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                return Files.readAllLines(packed).stream().filter(l -> l.endsWith(" " + ref))
                        .map(l -> l.substring(0, l.indexOf(' '))).findFirst().flatMap(ImageName::commit);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commit(String value) {
        return value.matches("[0-9a-f]{40,64}") ? Optional.of(value) : Optional.empty();
    }
}
