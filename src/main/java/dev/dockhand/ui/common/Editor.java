package dev.dockhand.ui.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the user's editor on a file at a line ({@link EditorCommand} chooses it); without one, the
 * desktop's default application. Blocking only while the program starts: call it off the FX thread.
 *
 * <p>The system property {@code dockhand.editor} counts as {@code DOCKHAND_EDITOR}, for a launcher that
 * cannot set the environment.
 */
public final class Editor {

    /** What was started: the program's name, whether it was told the line, whether only the file's folder was opened. */
    public record Opened(String program, boolean atLine, boolean folderOnly) {
    }

    private Editor() {
    }

    public static Opened open(Path file, Integer line) throws IOException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        String property = System.getProperty("dockhand.editor");
        if (property != null && !property.isBlank()) {
            environment.put("DOCKHAND_EDITOR", property);
        }
        List<EditorCommand.Launch> launches = new ArrayList<>();
        EditorCommand.choose(environment, Editor::onPath, file, line).ifPresent(launches::add);
        // A named editor that is not installed, or a desktop without xdg-open: the next opener still shows the file.
        launches.addAll(EditorCommand.systemOpeners(file, System.getProperty("os.name", "")));
        List<String> missing = new ArrayList<>();
        for (EditorCommand.Launch launch : launches) {
            try {
                start(launch);
                return new Opened(EditorCommand.name(launch.command().get(0)), launch.atLine(), launch.folderOnly());
            } catch (IOException e) {
                missing.add(EditorCommand.name(launch.command().get(0)));
            }
        }
        throw new IOException("nothing could open it (" + String.join(", ", missing) + " could not be started). Set "
                + "DOCKHAND_EDITOR to your editor (for example code or gedit), or install xdg-utils for xdg-open");
    }

    private static void start(EditorCommand.Launch launch) throws IOException {
        new ProcessBuilder(launch.command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            try {
                if (!folder.isBlank() && (Files.isExecutable(Path.of(folder, program)) || Files.isExecutable(Path.of(folder, program + ".exe")))) {
                    return true;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // an entry that is no path (quotes on Windows): the next one may still hold the editor
            }
        }
        return false;
    }
}
