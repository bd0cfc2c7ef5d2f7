package dev.dockhand.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the configuration an app reads: keys in its dotenv files and the environment variables its code
 * reads (Node's {@code process.env}, Python's {@code os.environ}/{@code os.getenv} and pydantic settings,
 * Go's {@code os.Getenv}, Spring's {@code ${X}}, Prisma's {@code env("X")}, the keys of
 * {@code @t3-oss/env} and zod schemas over {@code process.env}).
 */
final class ConfigReads {

    static final String MISSING = "config-missing";
    static final String DOTENV_PROBLEM = "dotenv-problem";

    /** Dotenv files that hold values, most specific first: the order Next.js and dotenv-flow load them in. */
    static final List<String> VALUE_FILES = List.of(".env.production.local", ".env.local", ".env.production", ".env");
    /** Dotenv files that list keys with example values, never used as values. */
    static final List<String> TEMPLATE_FILES = List.of(".env.example", ".env.sample", ".env.template", ".env.defaults", ".env.dist");

    /** Variables the platform or Dockhand sets, which are not the app's configuration to carry. */
    private static final Set<String> PLATFORM = Set.of("PORT", "NODE_ENV", "HOSTNAME", "HOME", "PATH", "PWD", "USER", "SHELL",
            "TERM", "TZ", "LANG", "CI", "NEXT_RUNTIME", "NEXT_PHASE", "NEXT_TELEMETRY_DISABLED", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "ECS_CONTAINER_METADATA_URI", "ECS_CONTAINER_METADATA_URI_V4",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "SKIP_ENV_VALIDATION",
            "DEBUG_COLORS", "FORCE_COLOR", "NO_COLOR", "VERCEL", "VERCEL_ENV", "VERCEL_URL", "JAVA_OPTS", "JAVA_TOOL_OPTIONS",
            "GOMAXPROCS", "GOMEMLIMIT");
    private static final int MAX_READS = 5;

    private static final Set<String> NODE = Set.of(".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx");
    private static final Pattern NODE_DOT = Pattern.compile("process\\.env\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern NODE_INDEX = Pattern.compile("process\\.env\\[\\s*['\"`]([A-Za-z_][A-Za-z0-9_]*)['\"`]\\s*\\]");
    private static final Pattern NODE_DESTRUCTURE = Pattern.compile("(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*process\\.env\\b");
    /** A read followed by a fallback: {@code ?? 'x'}, {@code || 'x'}, {@code ?.} chains do not count. */
    private static final Pattern NODE_FALLBACK = Pattern.compile("\\s*(?:\\?\\?|\\|\\|)");
    private static final Pattern ASSIGNMENT = Pattern.compile("\\s*=(?!=)");
    private static final Pattern SCHEMA_KEY = Pattern.compile("(?m)^\\s*['\"]?([A-Z][A-Z0-9_]*)['\"]?\\s*:\\s*z\\s*\\.(.*)$");
    private static final Pattern PRISMA_ENV = Pattern.compile("\\benv\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\)");

    private static final Pattern PY_INDEX = Pattern.compile("\\benviron\\[\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\]");
    private static final Pattern PY_GET = Pattern.compile(
            "\\b(?:environ\\.get|getenv)\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*(,)?");
    private static final Pattern PY_SETTINGS_CLASS = Pattern.compile("(?m)^class\\s+\\w+\\s*\\([^)]*BaseSettings[^)]*\\)\\s*:");
    private static final Pattern PY_FIELD = Pattern.compile("^(\\s+)([a-z_][a-z0-9_]*)\\s*:\\s*([^=#\\n]+?)\\s*(=\\s*.+)?$");

    private static final Pattern GO_GETENV = Pattern.compile("\\bos\\.(Getenv|LookupEnv)\\(\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*\\)");
    private static final Pattern SPRING_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    private static final Pattern TEST_PATH = Pattern.compile(
            "(?:^|/)(?:test|tests|__tests__|__mocks__|spec|e2e|cypress|playwright|fixtures)/|\\.(?:test|spec)\\.[a-z]+$"
                    + "|(?:^|/)(?:jest|vitest|playwright|cypress|eslint|prettier|babel|postcss|tailwind|karma)\\.config\\.");

    private final ProjectFiles files;
    private final String appDirectory;
    private final Set<String> setByDockhand;
    private final Map<String, Key> keys = new LinkedHashMap<>();

    /** What is known of one key while the files are read. */
    private static final class Key {
        final List<String> readAt = new ArrayList<>();
        boolean readWithDefault;
        boolean readWithoutDefault;
        final List<String> valueFiles = new ArrayList<>();
        final List<String> listedIn = new ArrayList<>();
        String value;
    }

    private ConfigReads(ProjectFiles files, String appDirectory, Set<String> setByDockhand) {
        this.files = files;
        this.appDirectory = appDirectory;
        this.setByDockhand = setByDockhand;
    }

    /** Reads the configuration of the analysed app into {@code out}: its keys, and findings for missing ones. */
    static void scan(ProjectFiles files, ProjectAnalysis.Builder out) {
        Set<String> setByDockhand = new LinkedHashSet<>(out.buildEnvironment.keySet());
        if (out.hostVariable != null) {
            setByDockhand.add(out.hostVariable);
        }
        ConfigReads reads = new ConfigReads(files, out.appDirectory == null ? "" : out.appDirectory, setByDockhand);
        reads.readCode();
        reads.readDotenvFiles(out);
        for (var e : reads.keys.entrySet()) {
            Key key = e.getValue();
            ConfigKinds.Guess guess = ConfigKinds.guess(e.getKey(), key.value);
            boolean hasDefault = key.readWithDefault && !key.readWithoutDefault || key.readAt.isEmpty();
            ConfigKey configKey = new ConfigKey(e.getKey(), guess.kind(), guess.reason(), key.readAt, hasDefault,
                    key.valueFiles, key.listedIn);
            out.configuration.add(configKey);
            if (configKey.missing()) {
                String where = configKey.readAt().get(0);
                int colon = where.lastIndexOf(':');
                out.add(new Finding(MISSING, Severity.WARNING, where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)),
                        e.getKey() + " is read with no default, and no .env file gives it a value: the task would start without it.",
                        "Give it a value on the Configuration step (or in dockhand.yaml's config section), or point it at an "
                                + "existing secret."));
            }
        }
    }

    private void readCode() {
        String prefix = appDirectory.isEmpty() ? "" : appDirectory + "/";
        for (String file : files.all()) {
            if (!file.startsWith(prefix) || TEST_PATH.matcher(file.substring(prefix.length())).find()) {
                continue;
            }
            String lower = file.toLowerCase(Locale.ROOT);
            String name = lower.substring(lower.lastIndexOf('/') + 1);
            boolean node = NODE.stream().anyMatch(lower::endsWith) && !lower.endsWith(".d.ts");
            boolean python = lower.endsWith(".py");
            boolean go = lower.endsWith(".go") && !lower.endsWith("_test.go");
            boolean spring = (lower.endsWith(".java") || lower.endsWith(".kt"))
                    || name.matches("application(-[\\w-]+)?\\.(properties|ya?ml)") || name.matches("bootstrap\\.(properties|ya?ml)");
            boolean prisma = lower.endsWith(".prisma") || name.startsWith("prisma.config.");
            if (!(node || python || go || spring || prisma)) {
                continue;
            }
            String text = files.text(file).orElse(null);
            if (text == null) {
                continue;
            }
            if (node) {
                node(file, text);
            }
            if (prisma) {
                readAll(file, text, PRISMA_ENV);
            }
            if (python) {
                python(file, text);
            }
            if (go) {
                for (TextMatch m : TextMatch.all(file, text, GO_GETENV)) {
                    read(m.group(2), file, m.line(), m.group(1).equals("LookupEnv"));
                }
            }
            if (spring) {
                for (TextMatch m : TextMatch.all(file, text, SPRING_PLACEHOLDER)) {
                    read(m.group(1), file, m.line(), m.group(2) != null);
                }
            }
        }
    }

    private void node(String file, String text) {
        boolean validated = text.contains("createEnv(") || text.matches("(?s).*\\.(?:safeParse|parse)\\(\\s*process\\.env\\s*\\).*");
        // In a validated environment the schema says what is required; its runtimeEnv mapping reads every key.
        for (Pattern pattern : validated ? List.<Pattern>of() : List.of(NODE_DOT, NODE_INDEX)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                String after = text.substring(m.end(), Math.min(text.length(), m.end() + 8));
                if (ASSIGNMENT.matcher(after).lookingAt()) {
                    continue; // process.env.X = ... sets it, it does not read it
                }
                read(m.group(1), file, TextMatch.lineOf(text, m.start()), NODE_FALLBACK.matcher(after).lookingAt());
            }
        }
        for (TextMatch m : TextMatch.all(file, text, NODE_DESTRUCTURE)) {
            for (String part : m.group(1).split(",")) {
                String binding = part.strip();
                String key = binding.split("[\\s:=]", 2)[0];
                if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    read(key, file, m.line(), binding.contains("="));
                }
            }
        }
        // Validated environments: the schema's keys are what the app requires.
        if (validated) {
            for (TextMatch m : TextMatch.all(file, text, SCHEMA_KEY)) {
                String chain = m.group(2);
                read(m.group(1), file, m.line(), chain.contains(".default(") || chain.contains(".optional()"));
            }
        }
    }

    private void python(String file, String text) {
        for (TextMatch m : TextMatch.all(file, text, PY_INDEX)) {
            String line = text.lines().skip(m.line() - 1).findFirst().orElse("");
            boolean assigned = line.matches(".*environ\\[\\s*['\"]" + Pattern.quote(m.group(1)) + "['\"]\\s*\\]\\s*=(?!=).*");
            if (!assigned) { // os.environ["X"] = ... sets it
                read(m.group(1), file, m.line(), false);
            }
        }
        for (TextMatch m : TextMatch.all(file, text, PY_GET)) {
            read(m.group(1), file, m.line(), m.group(2) != null);
        }
        // pydantic settings: each field of a BaseSettings class is read from the variable of its name.
        Matcher settings = PY_SETTINGS_CLASS.matcher(text);
        while (settings.find()) {
            String[] lines = text.substring(settings.end()).split("\n", -1);
            int startLine = TextMatch.lineOf(text, settings.end());
            String indent = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                Matcher field = PY_FIELD.matcher(line);
                if (!line.startsWith(" ") && !line.startsWith("\t")) {
                    break;
                }
                if (field.matches() && (indent == null || field.group(1).equals(indent)) && !field.group(2).equals("model_config")) {
                    indent = field.group(1);
                    String type = field.group(3);
                    boolean optional = field.group(4) != null || type.contains("Optional") || type.contains("None");
                    read(field.group(2).toUpperCase(Locale.ROOT), file, startLine + i, optional);
                }
            }
        }
    }

    /** Reads with no default: Prisma's env("X") fails without the variable. */
    private void readAll(String file, String text, Pattern pattern) {
        for (TextMatch m : TextMatch.all(file, text, pattern)) {
            read(m.group(1), file, m.line(), false);
        }
    }

    private void read(String name, String file, int line, boolean withDefault) {
        if (PLATFORM.contains(name) || setByDockhand.contains(name) || name.startsWith("npm_")) {
            return;
        }
        Key key = keys.computeIfAbsent(name, n -> new Key());
        String where = file + ":" + line;
        if (key.readAt.size() < MAX_READS && !key.readAt.contains(where)) {
            key.readAt.add(where);
        }
        if (withDefault) {
            key.readWithDefault = true;
        } else {
            key.readWithoutDefault = true;
        }
    }

    /** The dotenv files beside the app (and at the root of a monorepo), values first, then templates. */
    private void readDotenvFiles(ProjectAnalysis.Builder out) {
        List<String> folders = appDirectory.isEmpty() ? List.of("") : List.of(appDirectory, "");
        for (String folder : folders) {
            String prefix = folder.isEmpty() ? "" : folder + "/";
            for (String name : VALUE_FILES) {
                dotenv(prefix + name, true, out);
            }
            for (String name : TEMPLATE_FILES) {
                dotenv(prefix + name, false, out);
            }
        }
    }

    private void dotenv(String file, boolean values, ProjectAnalysis.Builder out) {
        if (!files.exists(file)) {
            return;
        }
        DotEnv env = DotEnv.parse(files.text(file).orElse(""));
        for (DotEnv.Problem problem : env.problems()) {
            out.add(new Finding(DOTENV_PROBLEM, Severity.WARNING, file, problem.line(), file + ": " + problem.message() + ".",
                    "Write it as KEY=value (quote values with spaces or #); Dockhand reads the file as dotenv does."));
        }
        for (var e : env.entries().entrySet()) {
            String name = e.getKey();
            if (PLATFORM.contains(name) || setByDockhand.contains(name)) {
                continue;
            }
            Key key = keys.computeIfAbsent(name, n -> new Key());
            if (values && !e.getValue().value().isEmpty()) {
                key.valueFiles.add(file);
                if (key.value == null) {
                    key.value = e.getValue().value();
                }
            } else {
                key.listedIn.add(file);
            }
        }
    }
}
