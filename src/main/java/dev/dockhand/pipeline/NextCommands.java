package dev.dockhand.pipeline;

import dev.dockhand.dockerfile.Escape;

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
        return of(folder, local, null, null);
    }

    /**
     * The commands for {@code folder}; on AWS with the {@code profile} and {@code region} the user chose (null
     * or blank: none, as AWS's own order finds them), so that they reach the same account and region.
     */
    public static List<Command> of(Path folder, boolean local, String profile, String region) {
        String dir = shellWord(folder.toString());
        if (local) {
            return List.of(
                    new Command("See its tasks and health", "dockhand status " + dir + " --target local"),
                    new Command("Send load to watch it scale", "dockhand load " + dir + " --target local --seconds 180"),
                    stop(folder, true));
        }
        String where = option("--profile", profile) + option("--region", region);
        return List.of(
                new Command("See its tasks and health", "dockhand status " + dir + " --target aws" + where),
                // CI assumes a role of its own: no profile there.
                new Command("Deploy from GitHub Actions", "dockhand workflow " + dir + " --role-arn ROLE_ARN" + option("--region", region)),
                new Command("Delete the stack", stop(folder, false).line() + where));
    }

    private static String option(String name, String value) {
        return value == null || value.isBlank() ? "" : " " + name + " " + shellWord(value.strip());
    }

    /** How the rehearsal is stopped, or the stack deleted. */
    public static Command stop(Path folder, boolean local) {
        return new Command(local ? "Stop it" : "Delete the stack",
                "dockhand destroy " + shellWord(folder.toString()) + " --target " + (local ? "local" : "aws") + " --yes");
    }

    /** {@code value} as one POSIX shell word: as it is when safe, else in single quotes ({@link Escape#shellWord}). */
    public static String shellWord(String value) {
        try {
            return Escape.shellWord(value);
        } catch (IllegalArgumentException controlCharacters) {
            return "'" + Escape.printable(value) + "'"; // shown, not run: a folder name no shell line can hold as it is
        }
    }
}
