package dev.dockhand.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A start command split the way a POSIX shell would split a simple command, so it can be written in a
 * Dockerfile's exec form (the app then is PID 1 and receives SIGTERM itself).
 *
 * @param environment leading {@code NAME=value} assignments
 * @param arguments   the program and its arguments
 * @param needsShell  true when the command uses shell features (pipes, &&, variables) and cannot be split
 */
record CommandLine(Map<String, String> environment, List<String> arguments, boolean needsShell) {

    static CommandLine parse(String command) {
        if (command.matches(".*(?:&&|\\|\\||[|;<>`]|\\$[({A-Za-z]).*")) {
            return new CommandLine(Map.of(), List.of(command), true);
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String assignment = words.remove(0);
            int eq = assignment.indexOf('=');
            environment.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return new CommandLine(environment, words, false);
    }

    /**
     * A command with shell features as {@code ["sh", "-c", ...]} in which every step runs and the last
     * one replaces the shell ({@code exec}), so the server is PID 1 and receives SIGTERM itself:
     * {@code "flask db upgrade; gunicorn app:app"} becomes {@code "flask db upgrade; exec gunicorn app:app"}.
     * A last step that is a pipeline or runs in the background stays under the shell.
     */
    static List<String> shellForm(String command) {
        String script = command.strip();
        int last = lastStepStart(script);
        String step = script.substring(last).strip();
        boolean simple = !step.isEmpty() && !step.matches(".*(?:[|&]|^exec\\s).*") && !step.startsWith("(");
        return List.of("sh", "-c", simple ? script.substring(0, last) + "exec " + step : script);
    }

    /** Where the last step of a list ({@code ;}, {@code &&}, {@code ||}) starts, outside quotes. */
    private static int lastStepStart(String script) {
        int start = 0;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ';') {
                start = i + 1;
            } else if ((c == '&' || c == '|') && i + 1 < script.length() && script.charAt(i + 1) == c) {
                start = i + 2;
                i++;
            }
        }
        while (start < script.length() && script.charAt(start) == ' ') {
            start++;
        }
        return start;
    }
}
