package dev.dockhand.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * What a user runs from a terminal or CI once the service is up: its state, load (rehearsal only), the
 * workflow that deploys from CI (AWS only), and how to take it down. The folder is quoted for a POSIX shell
 * when it needs to be.
 */
public final class NextCommands {

    /** One command and what it is for. */
    public record Command(String purpose, String line) {
    }

    private NextCommands() {
    }

    public static List<Command> of(Path folder, boolean local) {
        String dir = shellWord(folder.toString());
        if (local) {
            return List.of(
                    new Command("See its tasks and health", "dockhand status " + dir + " --target local"),
                    new Command("Send load to watch it scale", "dockhand load " + dir + " --target local --seconds 180"),
                    stop(folder, true));
        }
        return List.of(
                new Command("See its tasks and health", "dockhand status " + dir + " --target aws"),
                new Command("Deploy from GitHub Actions", "dockhand workflow " + dir + " --role-arn <role ARN>"),
                stop(folder, false));
    }

    /** How the rehearsal is stopped, or the stack deleted. */
    public static Command stop(Path folder, boolean local) {
        return new Command(local ? "Stop it" : "Delete the stack",
                "dockhand destroy " + shellWord(folder.toString()) + " --target " + (local ? "local" : "aws") + " --yes");
    }

    /** {@code value} as one POSIX shell word: as it is when safe, else in single quotes. */
    static String shellWord(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
