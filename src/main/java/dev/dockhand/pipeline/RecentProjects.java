package dev.dockhand.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project folders opened lately, newest first, kept in the user's configuration folder
 * ({@code $XDG_CONFIG_HOME/dockhand} or {@code ~/.config/dockhand}). File I/O: call off the UI thread.
 */
public final class RecentProjects {

    static final int LIMIT = 10;

    private final Path file;

    public RecentProjects(Path configDirectory) {
        this.file = configDirectory.resolve("recent-projects.json");
    }

    /** The configuration folder: {@code -Ddockhand.config.dir}, else XDG, else {@code ~/.config/dockhand}. */
    public static Path defaultConfigDirectory() {
        String override = System.getProperty("dockhand.config.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("dockhand");
    }

    /** The recent folders that still exist; an unreadable list counts as empty. */
    public List<Path> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> paths = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<String>>() { });
            return paths.stream().map(Path::of).filter(Files::isDirectory).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts {@code folder} first and returns the new list. */
    public List<Path> add(Path folder) throws IOException {
        List<Path> paths = new ArrayList<>(list());
        Path normalized = folder.toAbsolutePath().normalize();
        paths.remove(normalized);
        paths.add(0, normalized);
        List<Path> kept = paths.subList(0, Math.min(LIMIT, paths.size()));
        ProjectFile.write(file, Json.MAPPER.writeValueAsString(kept.stream().map(Path::toString).toList()));
        return List.copyOf(kept);
    }

    /**
     * Made on first use, not when the class is: the app makes a RecentProjects on the UI thread at start-up,
     * and an ObjectMapper loads a few hundred classes (a third of a second there).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
