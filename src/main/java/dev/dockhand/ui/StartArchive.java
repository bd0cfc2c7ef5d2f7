package dev.dockhand.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installed app's class-data sharing archive, {@code lib/app/dockhand.jsa} (Linux): the classes a start loads,
 * which the JVM maps instead of reading them from the jar, so the window comes about half a second sooner.
 *
 * <p>The launcher names the archive ({@code -XX:SharedArchiveFile}) and the script that makes it
 * ({@code -Ddockhand.cds.script}, {@code lib/app/cds-archive.sh}). An archive fits only the jar at the path it was
 * made for. When it is missing or was made for another path (the app-image was moved), the JVM starts without any
 * class-data sharing, slower than with no archive named at all, and says nothing. The app then remakes it in the
 * background where it may write, or says which command does.
 *
 * <p>The installer build's training run ({@code -Ddockhand.cds.training=true}, see
 * {@code packaging/linux/cds-training.sh}) records which classes a start loads: the app quits by itself once its
 * window is shown and the work deferred past the first frame has had time to run.
 */
final class StartArchive {

    static final String SCRIPT_PROPERTY = "dockhand.cds.script";
    static final String TRAINING_PROPERTY = "dockhand.cds.training";
    /** How long the training run stays after the first frame: the recent list (Jackson) and the icons load then. */
    static final javafx.util.Duration TRAINING_TAIL = javafx.util.Duration.seconds(2);

    private StartArchive() {
    }

    static boolean training() {
        return Boolean.getBoolean(TRAINING_PROPERTY);
    }

    /** What to do about the archive, from the launcher's script property and what the JVM reports of itself. */
    enum Need {
        /** Not the installed app (no script named), or the archive is in use. */
        NOTHING,
        /** The archive is missing or does not fit, and the app's folder is writable: run the script. */
        REMAKE,
        /** The archive is missing or does not fit, in a folder the user may not write: say what remakes it. */
        ASK
    }

    static Need need(String script, String vmInfo, boolean folderWritable) {
        if (script == null || script.isBlank()) {
            return Need.NOTHING;
        }
        // HotSpot adds "sharing" to java.vm.info when it maps a class-data archive; one it refuses turns
        // sharing off altogether.
        if (vmInfo != null && vmInfo.contains("sharing")) {
            return Need.NOTHING;
        }
        return folderWritable ? Need.REMAKE : Need.ASK;
    }

    /**
     * Remakes the archive when this start could not use it. Call it off the FX thread and after the first frame: the
     * script runs in its own low-priority process, which outlives the app if it quits first.
     */
    static void remakeIfUnused() {
        String script = System.getProperty(SCRIPT_PROPERTY);
        Path folder = script == null || script.isBlank() ? null : Path.of(script).toAbsolutePath().getParent();
        Need need = need(script, System.getProperty("java.vm.info"), folder != null && Files.isWritable(folder));
        if (need == Need.ASK) {
            System.err.println("dockhand: the start-up archive in " + folder + " is missing or was made for another "
                    + "folder, so Dockhand starts about half a second slower. To remake it: sudo /bin/sh " + script);
        } else if (need == Need.REMAKE) {
            // Low priority, so it does not slow what the user does next (the app may run with a bare PATH).
            java.util.List<String> command = Files.isExecutable(Path.of("/usr/bin/nice"))
                    ? java.util.List.of("/usr/bin/nice", "-n", "10", "/bin/sh", script)
                    : java.util.List.of("/bin/sh", script);
            try {
                new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
            } catch (IOException e) {
                System.err.println("dockhand: could not remake the start-up archive (" + e.getMessage()
                        + "): run /bin/sh " + script);
            }
        }
    }
}
