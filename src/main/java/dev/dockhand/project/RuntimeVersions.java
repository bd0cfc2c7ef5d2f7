package dev.dockhand.project;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns version requirements written by users (engines ranges, .nvmrc, requires-python, go.mod) into the
 * single runtime version a base image is pinned to.
 */
final class RuntimeVersions {

    /**
     * Node.js release lines with long-term support, oldest first. The default is the newest LTS line
     * whose official images are published for Debian bookworm slim.
     */
    static final List<Integer> NODE_LTS = List.of(18, 20, 22, 24);
    static final int NODE_DEFAULT = 24;
    static final String PYTHON_DEFAULT = "3.12";
    static final String JAVA_DEFAULT = "21";
    static final String GO_DEFAULT = "1.23";
    /** The first Go release with official golang:1.N-bookworm images. */
    static final int GO_OLDEST_BOOKWORM_MINOR = 19;

    /** "1.17" to 17; 0 when unreadable. */
    static int goMinorNumber(String minor) {
        try {
            return Integer.parseInt(minor.substring(minor.indexOf('.') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static final Map<String, Integer> NODE_LTS_CODENAMES = Map.ofEntries(
            Map.entry("argon", 4), Map.entry("boron", 6), Map.entry("carbon", 8), Map.entry("dubnium", 10),
            Map.entry("erbium", 12), Map.entry("fermium", 14), Map.entry("gallium", 16),
            Map.entry("hydrogen", 18), Map.entry("iron", 20), Map.entry("jod", 22), Map.entry("krypton", 24));
    private static final Pattern NUMBER = Pattern.compile("v?(\\d+)(?:\\.(\\d+|x|\\*))?(?:\\.(\\d+|x|\\*))?");

    private RuntimeVersions() {
    }

    /** An .nvmrc or .node-version line: "20", "v20.11.1", "lts/iron", "lts/*", "node". */
    static Optional<Integer> nodeMajorFromVersionFile(String content) {
        String value = content.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        value = value.lines().findFirst().orElse("").strip();
        if (value.equals("lts/*") || value.equals("node") || value.equals("stable") || value.equals("lts")) {
            return Optional.of(NODE_DEFAULT);
        }
        if (value.startsWith("lts/")) {
            return Optional.ofNullable(NODE_LTS_CODENAMES.get(value.substring(4)));
        }
        Matcher m = NUMBER.matcher(value);
        return m.lookingAt() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * The Node major for an engines.node range: the newest LTS line the range allows, else the highest
     * major the range allows, else empty when the range cannot be read.
     */
    static Optional<Integer> nodeMajorFromRange(String range) {
        MajorSet allowed = MajorSet.parse(range);
        if (allowed == null) {
            return Optional.empty();
        }
        for (int i = NODE_LTS.size() - 1; i >= 0; i--) {
            if (allowed.contains(NODE_LTS.get(i))) {
                return Optional.of(NODE_LTS.get(i));
            }
        }
        return allowed.highestBounded();
    }

    /**
     * A Python requirement ("3.11", "3.11.4", ">=3.10,<3.13", "^3.11", "~=3.9", "python-3.10.2") to a
     * minor version: the default when it is allowed, else the newest allowed minor.
     */
    static Optional<String> pythonMinor(String requirement) {
        String value = requirement.strip().toLowerCase(Locale.ROOT).replace("python-", "");
        Matcher exact = Pattern.compile("^(?:==\\s*)?(3)\\.(\\d+)(?:\\.[\\d*]+)?$").matcher(value);
        if (exact.matches()) {
            return Optional.of("3." + exact.group(2));
        }
        int lowest = -1;
        int highestExclusive = Integer.MAX_VALUE;
        for (String part : value.split(",")) {
            Matcher m = Pattern.compile("(>=|>|<=|<|\\^|~=|~|==)?\\s*3\\.(\\d+)").matcher(part.strip());
            if (!m.find()) {
                continue;
            }
            String op = m.group(1) == null ? "==" : m.group(1);
            int minor = Integer.parseInt(m.group(2));
            switch (op) {
                case ">=", "^", "~=", "~", "==" -> lowest = Math.max(lowest, minor);
                case ">" -> lowest = Math.max(lowest, minor);
                case "<" -> highestExclusive = Math.min(highestExclusive, minor);
                case "<=" -> highestExclusive = Math.min(highestExclusive, minor + 1);
                default -> { }
            }
            if (op.equals("==") || op.equals("~")) {
                highestExclusive = Math.min(highestExclusive, minor + 1);
            }
        }
        if (lowest < 0 && highestExclusive == Integer.MAX_VALUE) {
            return Optional.empty();
        }
        int preferred = Integer.parseInt(PYTHON_DEFAULT.substring(2));
        if (preferred >= lowest && preferred < highestExclusive) {
            return Optional.of(PYTHON_DEFAULT);
        }
        // The default is outside the range: take the newest allowed minor, or the oldest when unbounded above.
        if (highestExclusive != Integer.MAX_VALUE) {
            return Optional.of("3." + (highestExclusive - 1));
        }
        return Optional.of("3." + lowest);
    }

    /** "1.8" and "8" both mean Java 8; "17" stays 17. */
    static Optional<String> javaMajor(String value) {
        Matcher m = Pattern.compile("^(?:1\\.)?(\\d+)").matcher(value.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A go.mod "go 1.22.3" or "toolchain go1.23.1" value to "1.22". */
    static Optional<String> goMinor(String value) {
        Matcher m = Pattern.compile("(?:go)?(1)\\.(\\d+)").matcher(value.strip());
        return m.find() ? Optional.of("1." + m.group(2)) : Optional.empty();
    }

    /** Node majors a semver range allows, as a union of closed intervals. */
    private record MajorSet(List<int[]> intervals) {
        static final int OPEN = Integer.MAX_VALUE;

        static MajorSet parse(String range) {
            String normalized = range.strip();
            if (normalized.isEmpty() || normalized.equals("*") || normalized.equalsIgnoreCase("x")) {
                return new MajorSet(List.of(new int[] {0, OPEN}));
            }
            List<int[]> intervals = new java.util.ArrayList<>();
            for (String alternative : normalized.split("\\|\\|")) {
                int[] interval = parseComparatorSet(alternative.strip());
                if (interval == null) {
                    return null;
                }
                if (interval[0] <= interval[1]) {
                    intervals.add(interval);
                }
            }
            return intervals.isEmpty() ? null : new MajorSet(intervals);
        }

        private static int[] parseComparatorSet(String set) {
            Matcher hyphen = Pattern.compile("^v?(\\d+)\\S*\\s+-\\s+v?(\\d+)\\S*$").matcher(set);
            if (hyphen.matches()) {
                return new int[] {Integer.parseInt(hyphen.group(1)), Integer.parseInt(hyphen.group(2))};
            }
            int low = 0;
            int high = OPEN;
            Matcher m = Pattern.compile("(>=|<=|>|<|=|\\^|~)?\\s*v?(\\d+)(?:\\.(\\d+|x|\\*))?(?:\\.(\\d+|x|\\*))?")
                    .matcher(set);
            boolean any = false;
            while (m.find()) {
                any = true;
                String op = m.group(1) == null ? "=" : m.group(1);
                int major = Integer.parseInt(m.group(2));
                boolean hasMinorOrPatch = isNumber(m.group(3)) && (!"0".equals(m.group(3)) || isNumber(m.group(4))
                        && !"0".equals(m.group(4)));
                switch (op) {
                    case ">=" -> low = Math.max(low, major);
                    case ">" -> low = Math.max(low, m.group(3) == null ? major + 1 : major);
                    case "<" -> high = Math.min(high, hasMinorOrPatch ? major : major - 1);
                    case "<=" -> high = Math.min(high, major);
                    default -> { // =, ^, ~ and a bare version pin the major
                        low = Math.max(low, major);
                        high = Math.min(high, major);
                    }
                }
            }
            return any ? new int[] {low, high} : null;
        }

        private static boolean isNumber(String s) {
            return s != null && !s.isEmpty() && Character.isDigit(s.charAt(0));
        }

        boolean contains(int major) {
            return intervals.stream().anyMatch(i -> major >= i[0] && major <= i[1]);
        }

        Optional<Integer> highestBounded() {
            int best = -1;
            for (int[] i : intervals) {
                best = Math.max(best, i[1] == OPEN ? Math.max(i[0], NODE_DEFAULT) : i[1]);
            }
            return best < 0 ? Optional.empty() : Optional.of(best);
        }
    }
}
