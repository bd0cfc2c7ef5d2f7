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
        return of(DOCKHAND, folder, local, profile, region);
    }

    /** As {@link #of(Path, boolean, String, String)}, each line starting with {@code launcher} ({@link #launcher()}). */
    public static List<Command> of(String launcher, Path folder, boolean local, String profile, String region) {
        String dir = shellWord(folder.toString());
        if (local) {
            return List.of(
                    new Command("See its tasks and health", launcher + " status " + dir + " --target local"),
                    new Command("Send load to watch it scale", launcher + " load " + dir + " --target local --seconds 180"),
                    stop(launcher, folder, true));
        }
        String where = option("--profile", profile) + option("--region", region);
        return List.of(
                new Command("See its tasks and health", launcher + " status " + dir + " --target aws" + where),
                // CI assumes a role of its own: no profile there.
                new Command("Deploy from GitHub Actions", launcher + " workflow " + dir + " --role-arn ROLE_ARN"
                        + option("--region", region)),
                new Command("Delete the stack", stop(launcher, folder, false).line() + where));
    }

    /** The command's name where it is installed on the PATH. */
    static final String DOCKHAND = "dockhand";

    /**
     * How Dockhand is started from a terminal on this machine: {@code dockhand} where that is on the PATH, else
     * the installed launcher's path, else {@code java -jar} with the jar this runs from.
     */
    public static String launcher() {
        java.nio.file.Path codeSource = null;
        try {
            codeSource = java.nio.file.Path.of(NextCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source to name: the plain name stays
        }
        return launcher(NextCommands::onPath, System.getProperty("jpackage.app-path"), codeSource,
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    static String launcher(java.util.function.Predicate<String> onPath, String appPath, java.nio.file.Path codeSource) {
        return launcher(onPath, appPath, codeSource, null);
    }

    /**
     * The rule of {@link #launcher()}, for what this machine was found to have; {@code java} is the runtime this
     * runs on (the first java on the PATH may be too old), or null for plain {@code java}.
     */
    static String launcher(java.util.function.Predicate<String> onPath, String appPath, java.nio.file.Path codeSource,
                           java.nio.file.Path java) {
        if (onPath.test(DOCKHAND)) {
            return DOCKHAND;
        }
        if (appPath != null && !appPath.isBlank()) {
            return shellWord(appPath); // an installed app-image, e.g. /opt/dockhand/bin/dockhand
        }
        if (codeSource != null && codeSource.getFileName() != null && codeSource.getFileName().toString().endsWith(".jar")) {
            return (java == null ? "java" : shellWord(java.toString())) + " -jar " + shellWord(codeSource.toAbsolutePath().toString());
        }
        return DOCKHAND;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            try {
                if (!folder.isBlank() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(folder, program))) {
                    return true;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // an entry that is no path: the next may still hold it
            }
        }
        return false;
    }

    private static String option(String name, String value) {
        return value == null || value.isBlank() ? "" : " " + name + " " + shellWord(value.strip());
    }

    /** How the rehearsal is stopped, or the stack deleted. */
    public static Command stop(Path folder, boolean local) {
        return stop(DOCKHAND, folder, local);
    }

    public static Command stop(String launcher, Path folder, boolean local) {
        return new Command(local ? "Stop it" : "Delete the stack",
                launcher + " destroy " + shellWord(folder.toString()) + " --target " + (local ? "local" : "aws") + " --yes");
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
