package dev.dockhand.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file, with Docker's semantics: patterns are anchored at the
 * context root, {@code *} and {@code ?} stay within one path segment, {@code **} spans any number of
 * them, a pattern that matches a folder excludes everything in it, {@code !} re-includes, and the last
 * matching line wins.
 */
public final class DockerIgnore {

    private record Rule(Pattern pattern, String literalPrefix, boolean reinclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean reinclude = line.startsWith("!");
            String pattern = clean(reinclude ? line.substring(1).strip() : line);
            if (pattern.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(toRegex(pattern)), literalPrefix(pattern), reinclude));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** True when {@code path} (relative, forward slashes) is left out of the build context. */
    public boolean ignores(String path) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern(), path)) {
                ignored = !rule.reinclude();
            }
        }
        return ignored;
    }

    /**
     * True when the whole folder can be skipped: it is ignored and no re-include rule could bring back
     * anything inside it. This is what keeps a 100k-file node_modules from being walked at all.
     */
    public boolean skipsFolder(String folder) {
        if (!ignores(folder)) {
            return false;
        }
        String inside = folder + "/";
        for (Rule rule : rules) {
            if (rule.reinclude() && (rule.literalPrefix().startsWith(inside) || inside.startsWith(rule.literalPrefix()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String pattern) {
        String p = pattern.replace('\\', '/');
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("/") ? p.substring(1) : p.substring(2);
        }
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.replaceAll("/+", "/");
    }

    private static String literalPrefix(String pattern) {
        int wildcard = pattern.length();
        for (char c : new char[] {'*', '?', '['}) {
            int at = pattern.indexOf(c);
            if (at >= 0) {
                wildcard = Math.min(wildcard, at);
            }
        }
        return pattern.substring(0, wildcard);
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                    i++;
                    regex.append("(?:.*/)?"); // "**/" is zero or more folders
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end).replace("\\", "\\\\");
                    regex.append('[').append(set.startsWith("^") || set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
