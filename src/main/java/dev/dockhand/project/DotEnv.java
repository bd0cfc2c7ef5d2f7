package dev.dockhand.project;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .env} file read the way the dotenv libraries read it: {@code KEY=value} lines, an optional
 * {@code export} prefix, single, double or backtick quotes (double quotes may span lines and know
 * {@code \n}), comments on their own line or after an unquoted value, empty values. Variables are not
 * expanded ({@code ${OTHER}} stays as written), as plain dotenv does.
 *
 * @param entries  the keys in file order, each with its value and 1-based line; a key given twice keeps
 *                 the last value, as dotenv does
 * @param problems lines that are not {@code KEY=value} and keys given twice, each with its line
 */
public record DotEnv(Map<String, Entry> entries, List<Problem> problems) {

    /** One key's value and the line it starts on. */
    public record Entry(String value, int line) {
        @Override
        public String toString() {
            return "Entry[line=" + line + "]"; // never the value: it may be a secret
        }
    }

    /** A line that could not be read, or a repeated key. */
    public record Problem(int line, String message) {
    }

    public DotEnv {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        problems = List.copyOf(problems);
    }

    /** The value of {@code key}, or null when the file does not set it. */
    public String value(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    public static DotEnv parse(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                problems.add(new Problem(lineNumber, "line " + lineNumber + " is not KEY=value"));
                continue;
            }
            String key = line.substring(0, equals).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                problems.add(new Problem(lineNumber, "line " + lineNumber + " has no usable key name before '='"));
                continue;
            }
            String rest = line.substring(equals + 1).stripLeading();
            String value;
            if (!rest.isEmpty() && (rest.charAt(0) == '"' || rest.charAt(0) == '\'' || rest.charAt(0) == '`')) {
                char quote = rest.charAt(0);
                StringBuilder raw = new StringBuilder(rest.substring(1));
                int close = closingQuote(raw, quote);
                // Quoted values may continue on the next lines until the closing quote.
                while (close < 0 && i + 1 < lines.length) {
                    raw.append('\n').append(lines[++i]);
                    close = closingQuote(raw, quote);
                }
                if (close < 0) {
                    problems.add(new Problem(lineNumber, "the value of " + key + " on line " + lineNumber
                            + " opens a " + quote + " quote that is never closed"));
                    continue;
                }
                value = raw.substring(0, close);
                if (quote == '"') {
                    value = value.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\\"", "\"");
                }
            } else {
                int comment = rest.indexOf(" #");
                value = (rest.startsWith("#") ? "" : comment >= 0 ? rest.substring(0, comment) : rest).strip();
            }
            if (entries.containsKey(key)) {
                problems.add(new Problem(lineNumber, key + " is set again on line " + lineNumber + " (first on line "
                        + entries.get(key).line() + "); the last value is used"));
                entries.remove(key);
            }
            entries.put(key, new Entry(value, lineNumber));
        }
        return new DotEnv(entries, problems);
    }

    private static int closingQuote(CharSequence raw, char quote) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < raw.length()) {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }
}
