package dev.dockhand.dockerfile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one way each kind of value reaches generated code: every word taken from the project or a setting
 * goes through the function for the language it lands in, so that it arrives as literal text or is
 * refused, never as code. Tested with hostile strings in {@code EscapeTest}.
 */
public final class Escape {

    /** Words a shell, a Dockerfile and a .dockerignore all take as they are. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");
    /** A project-relative folder or file name Dockhand writes into COPY, WORKDIR and RUN lines. */
    private static final Pattern PROJECT_PATH = Pattern.compile("[A-Za-z0-9_@+.][A-Za-z0-9_.@+-]*(/[A-Za-z0-9_@+.][A-Za-z0-9_.@+-]*)*");

    private Escape() {
    }

    /**
     * A JSON string literal: quotes, backslashes and every control character escaped, and U+2028/U+2029
     * too, so that the same literal is valid JSON, JavaScript and Python.
     */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A Dockerfile exec form ({@code CMD}, {@code ENTRYPOINT}, {@code HEALTHCHECK CMD}): a JSON array on one line. */
    public static String execForm(List<String> arguments) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < arguments.size(); i++) {
            json.append(i > 0 ? ", " : "").append(jsonString(arguments.get(i)));
        }
        return json.append(']').toString();
    }

    /** A JavaScript string literal holding {@code value}, e.g. for a path in a {@code node -e} snippet. */
    public static String javaScriptString(String value) {
        return singleQuoted(value);
    }

    /** A Python string literal holding {@code value}, e.g. for a path in a {@code python -c} snippet. */
    public static String pythonString(String value) {
        return singleQuoted(value); // \', \\, \n and \\uXXXX mean the same in a Python 3 str literal as in JavaScript
    }

    /**
     * A single-quoted literal that JavaScript and Python read alike: backslash and quote escaped, and every
     * control character and line separator as {@code \\uXXXX}; single quotes keep it plain inside an exec form.
     */
    private static String singleQuoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\'') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * A Dockerfile {@code ENV} value: bare when it is a plain word, else double-quoted with {@code \}, {@code "}
     * and {@code $} escaped, since the Dockerfile would expand {@code $NAME}. A line break or other control
     * character cannot be written and is refused.
     */
    public static String envValue(String value) {
        refuseControlCharacters("an ENV value", value);
        if (PLAIN_WORD.matcher(value).matches()) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
    }

    /** A word for a POSIX shell line ({@code RUN}, a command shown to copy): single-quoted unless plain. */
    public static String shellWord(String value) {
        refuseControlCharacters("a shell word", value);
        if (!value.isEmpty() && PLAIN_WORD.matcher(value).matches() && !value.startsWith("-")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * A project-relative path for COPY, WORKDIR and RUN lines: letters, digits and {@code . _ - @ +} in
     * folders separated by "/", no "..". Anything else (a space, a quote, {@code $}, a line break) is refused,
     * naming the path: no quoting is read the same by COPY, WORKDIR and a shell.
     */
    public static String projectPath(String what, String path) throws GenerationException {
        if (path == null || !PROJECT_PATH.matcher(path).matches() || List.of(path.split("/")).contains("..")) {
            throw new GenerationException(what + " \"" + printable(path) + "\" cannot be written into a Dockerfile: Dockhand names "
                    + "only folders and files of letters, digits and . _ - @ + there. Rename it, or write the Dockerfile "
                    + "yourself and keep it (the Dockerfile step's Open Your Own, or `dockhand build` on your own).");
        }
        return path;
    }

    /**
     * A command Dockhand composed from the project's words (a build, a code generator) for a RUN line: each
     * word must be plain, so that no name from a manifest can add shell syntax; refused otherwise.
     */
    public static String composedCommand(String what, String command) throws GenerationException {
        for (String word : command.split(" ")) {
            if (!PLAIN_WORD.matcher(word).matches()) {
                throw new GenerationException(what + " \"" + printable(command) + "\" holds \"" + printable(word) + "\", which "
                        + "Dockhand does not write into a Dockerfile's RUN line: a name in the project (a package, a folder, a "
                        + "file) has characters a shell would read as code. Rename it, or write the Dockerfile yourself.");
            }
        }
        return command;
    }

    /** {@code value} with control characters shown as {@code \\uXXXX}, for messages. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        String json = jsonString(value);
        return json.substring(1, json.length() - 1);
    }

    private static void refuseControlCharacters(String what, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("A line break or control character cannot be written into " + what + ": \""
                    + printable(value) + "\"");
        }
    }
}
