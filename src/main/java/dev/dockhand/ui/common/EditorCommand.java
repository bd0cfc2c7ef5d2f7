package dev.dockhand.ui.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The command that opens a file at a line in the user's editor. Pure: the environment and the programs on
 * the PATH are given, so the choice is tested without starting anything.
 *
 * <p>The editor is {@code DOCKHAND_EDITOR}, else {@code VISUAL}, else {@code EDITOR}, else the first
 * graphical editor found on the PATH; terminal editors (vim, nano…) are passed over, as a desktop app has no
 * terminal to show them in. Each known editor gets its own way of naming the line. When none is found,
 * {@link #systemOpener} opens the file with the desktop's default application, at its top.
 */
public final class EditorCommand {

    /**
     * A command to start; {@code atLine} is false when the editor cannot be told the line, {@code folderOnly}
     * true when only the file's folder is opened.
     */
    public record Launch(List<String> command, boolean atLine, boolean folderOnly) {
        public Launch {
            command = List.copyOf(command);
        }

        Launch(List<String> command, boolean atLine) {
            this(command, atLine, false);
        }
    }

    /** How an editor is told the line. */
    private enum LineStyle {
        /** {@code code --goto file:line} */
        GOTO,
        /** {@code subl file:line} */
        SUFFIX,
        /** {@code idea --line N file} */
        LINE_OPTION,
        /** {@code gedit +N file} */
        PLUS,
        /** The file only. */
        NONE
    }

    private static final Map<String, LineStyle> KNOWN = Map.ofEntries(
            Map.entry("code", LineStyle.GOTO), Map.entry("code-insiders", LineStyle.GOTO), Map.entry("codium", LineStyle.GOTO),
            Map.entry("cursor", LineStyle.GOTO), Map.entry("windsurf", LineStyle.GOTO),
            Map.entry("subl", LineStyle.SUFFIX), Map.entry("sublime_text", LineStyle.SUFFIX), Map.entry("zed", LineStyle.SUFFIX),
            Map.entry("idea", LineStyle.LINE_OPTION), Map.entry("idea.sh", LineStyle.LINE_OPTION),
            Map.entry("pycharm", LineStyle.LINE_OPTION), Map.entry("webstorm", LineStyle.LINE_OPTION),
            Map.entry("goland", LineStyle.LINE_OPTION), Map.entry("phpstorm", LineStyle.LINE_OPTION),
            Map.entry("rubymine", LineStyle.LINE_OPTION), Map.entry("kate", LineStyle.LINE_OPTION),
            Map.entry("gedit", LineStyle.PLUS), Map.entry("xed", LineStyle.PLUS), Map.entry("gvim", LineStyle.PLUS),
            Map.entry("mvim", LineStyle.PLUS), Map.entry("emacsclient", LineStyle.PLUS), Map.entry("pluma", LineStyle.PLUS),
            Map.entry("mousepad", LineStyle.NONE), Map.entry("gnome-text-editor", LineStyle.NONE), Map.entry("notepad++", LineStyle.NONE));

    /** Graphical editors looked for on the PATH when no variable names one, most common first. */
    private static final List<String> SEARCHED = List.of("code", "codium", "cursor", "subl", "zed", "idea", "pycharm",
            "webstorm", "goland", "gedit", "kate", "xed", "gnome-text-editor", "mousepad");

    /** Editors that need a terminal. */
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("vi", "vim", "nvim", "nano", "pico", "emacs", "micro",
            "hx", "helix", "joe", "ne", "ed", "kak", "mg", "less", "more");

    private EditorCommand() {
    }

    /**
     * The command for {@code file} at {@code line} (null: no line), or empty when no usable editor is set or
     * on the PATH.
     *
     * @param environment the process environment
     * @param onPath      whether a program of that name is on the PATH
     */
    public static Optional<Launch> choose(Map<String, String> environment, Predicate<String> onPath, Path file, Integer line) {
        for (String variable : List.of("DOCKHAND_EDITOR", "VISUAL", "EDITOR")) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            List<String> words = split(value);
            if (!words.isEmpty() && !needsTerminal(words)) {
                return Optional.of(launch(words, file, line));
            }
        }
        return SEARCHED.stream().filter(onPath).findFirst().map(editor -> launch(List.of(editor), file, line));
    }

    /**
     * Without an editor: the system's text editor where there is one to name (Notepad, TextEdit), else the
     * file's folder. Never the file's default application: for a script in a cloned project that would run it.
     */
    public static Launch systemOpener(Path file, String osName) {
        return systemOpeners(file, osName).get(0);
    }

    /**
     * The desktop's openers in the order to try them: where xdg-open is missing (a minimal desktop, WSL), the
     * next one that is installed opens the folder.
     */
    public static List<Launch> systemOpeners(Path file, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return List.of(new Launch(List.of("notepad.exe", file.toString()), false));
        }
        if (os.startsWith("mac")) {
            return List.of(new Launch(List.of("open", "-t", file.toString()), false)); // -t: the default text editor
        }
        String folder = file.toAbsolutePath().getParent().toString();
        return List.of(new Launch(List.of("xdg-open", folder), false, true), new Launch(List.of("gio", "open", folder), false, true),
                new Launch(List.of("kde-open5", folder), false, true), new Launch(List.of("kde-open", folder), false, true),
                new Launch(List.of("exo-open", folder), false, true));
    }

    private static Launch launch(List<String> editor, Path file, Integer line) {
        LineStyle style = line == null ? LineStyle.NONE : KNOWN.getOrDefault(name(editor.get(0)), LineStyle.NONE);
        List<String> command = new ArrayList<>(editor);
        String path = file.toString();
        switch (style) {
            case GOTO -> command.addAll(List.of("--goto", path + ":" + line));
            case SUFFIX -> command.add(path + ":" + line);
            case LINE_OPTION -> command.addAll(List.of("--line", String.valueOf(line), path));
            case PLUS -> command.addAll(List.of("+" + line, path));
            case NONE -> command.add(path);
        }
        return new Launch(command, style != LineStyle.NONE);
    }

    /**
     * True for a terminal editor, also behind a wrapper ({@code env vim}, {@code sudo -e}) or asked for its
     * terminal mode ({@code emacsclient -t}, {@code emacs -nw}): started from a desktop app it would wait
     * unseen for a terminal.
     */
    private static boolean needsTerminal(List<String> words) {
        return words.stream().anyMatch(word -> TERMINAL.contains(name(word)) || word.equals("-t") || word.equals("-nw")
                || word.equals("--tty") || word.equals("-tty"));
    }

    /** "code" for "/usr/bin/code" or "C:\\…\\Code.exe". */
    static String name(String program) {
        String base = program.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return base.endsWith(".exe") || base.endsWith(".cmd") ? base.substring(0, base.length() - 4) : base;
    }

    /**
     * Splits an editor setting such as {@code "code --wait"} or {@code "'/opt/My Editor/edit' -n"} into words.
     * Quotes group, blanks separate; unlike the shell splitting of start commands, a backslash is kept as it
     * is, so that a Windows path ({@code C:\Tools\edit.exe}) survives.
     */
    static List<String> split(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : value.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
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
        return words;
    }
}
