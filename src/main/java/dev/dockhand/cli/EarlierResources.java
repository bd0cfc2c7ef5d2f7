package dev.dockhand.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The question for a stack or repository an earlier version of Dockhand made, before they carried its mark:
 * answered only by typing its name on the terminal, or in advance with {@code --adopt NAME}. {@code --yes}
 * never answers it, since a wrong yes would hand somebody else's resource to Dockhand.
 */
final class EarlierResources {

    private EarlierResources() {
    }

    static boolean confirm(PrintWriter out, String adopt, String name, String question) {
        out.println(question);
        if (name.equals(adopt)) {
            out.println("Confirmed by --adopt " + name + ".");
            out.flush();
            return true;
        }
        if (System.console() == null) {
            out.println("No terminal to ask on: run again with --adopt " + name + " to confirm that it is this service's "
                    + "(--yes does not answer this).");
            out.flush();
            return false;
        }
        out.print("Type " + name + " to confirm: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().equals(name);
        } catch (IOException e) {
            return false;
        }
    }
}
