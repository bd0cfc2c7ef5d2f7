package dev.dockhand.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A regular-expression match in a file, with its 1-based line number. */
record TextMatch(String file, int line, String text, List<String> groups) {

    String group(int index) {
        return index <= groups.size() ? groups.get(index - 1) : null;
    }

    /** All matches of {@code pattern} in {@code text}, in order. */
    static List<TextMatch> all(String file, String text, Pattern pattern) {
        List<TextMatch> matches = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            List<String> groups = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                groups.add(m.group(i));
            }
            matches.add(new TextMatch(file, lineOf(text, m.start()), m.group(), groups));
        }
        return matches;
    }

    static Optional<TextMatch> first(String file, String text, Pattern pattern) {
        List<TextMatch> matches = all(file, text, pattern);
        return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(0));
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Line number of the first line containing {@code needle}, or null. */
    static Integer lineContaining(String text, String needle) {
        int index = text.indexOf(needle);
        return index < 0 ? null : lineOf(text, index);
    }
}
