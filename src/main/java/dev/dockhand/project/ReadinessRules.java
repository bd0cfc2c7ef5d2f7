package dev.dockhand.project;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks behind the readiness report: what works on one server but breaks, or loses data, when the
 * app runs as several replaceable containers behind a load balancer.
 */
final class ReadinessRules {

    static final String IN_MEMORY_SESSION = "in-memory-session";
    static final String LOCAL_DISK_WRITE = "local-disk-write";
    static final String LOCAL_DATABASE = "local-database";
    static final String LOCALHOST_DATABASE_URL = "localhost-database-url";
    static final String LOOPBACK_BIND = "loopback-bind";
    static final String NO_SIGTERM_HANDLER = "no-sigterm-handler";
    static final String SECRET_IN_CONTEXT = "secret-in-context";
    static final String NO_HEALTH_ROUTE = "no-health-route";
    static final String INLINE_SECRET = "inline-secret";

    /** Credentials with a shape of their own, as they appear pasted into code. Test keys and AWS's examples are not. */
    private static final Pattern INLINE_SECRET_VALUE = Pattern.compile(
            "\\b(sk_live_[0-9A-Za-z]{16,}|rk_live_[0-9A-Za-z]{16,}|AKIA[0-9A-Z]{16}|ghp_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{40,}"
                    + "|xox[baprs]-[0-9A-Za-z-]{10,}|glpat-[0-9A-Za-z_-]{20})\\b|-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----");
    private static final Set<String> CODE_EXTENSIONS = Set.of(".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".py",
            ".go", ".java", ".kt", ".rb", ".php", ".json", ".yml", ".yaml", ".toml", ".properties", ".ini", ".cfg", ".conf");

    /** At most this many findings of one kind per file, so a noisy file does not flood the report. */
    private static final int MAX_PER_FILE = 3;

    private static final Pattern LOCALHOST_URL = Pattern.compile(
            "\\b(mongodb(?:\\+srv)?|postgres(?:ql)?|mysql|mariadb|redis|rediss|amqp|jdbc:[a-z0-9]+)://"
                    + "(?:[^@/\\s'\"`]*@)?(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\])\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern NODE_SESSION_CALL = Pattern.compile(
            "\\b(?:session|expressSession|fastifySession)\\s*\\(\\s*\\{");
    private static final Pattern NODE_SESSION_IMPORT = Pattern.compile(
            "['\"](express-session|@fastify/session|fastify-session)['\"]");
    private static final Pattern NODE_DISK_WRITE = Pattern.compile(
            "\\b(?:fs\\.)?(?:writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream)\\s*\\("
                    + "|multer\\s*\\(\\s*\\{\\s*dest\\s*:|multer\\.diskStorage\\s*\\(");
    private static final Pattern NODE_LOOPBACK_BIND = Pattern.compile(
            "\\.listen\\s*\\([^)\\n]*['\"`](127\\.0\\.0\\.1|localhost)['\"`]"
                    + "|\\bhost(?:name)?\\s*:\\s*['\"`](127\\.0\\.0\\.1|localhost)['\"`]");
    /** A bind address read from the environment with a loopback default: host: process.env.HOST ?? '127.0.0.1'. */
    private static final Pattern NODE_HOST_FROM_ENV = Pattern.compile(
            "process\\.env(?:\\.(\\w+)|\\[['\"](\\w+)['\"]\\])\\s*(?:\\?\\?|\\|\\|)\\s*['\"`](?:127\\.0\\.0\\.1|localhost|::1)['\"`]");
    private static final Pattern PYTHON_HOST_FROM_ENV = Pattern.compile(
            "(?:getenv|environ\\.get)\\s*\\(\\s*['\"](\\w+)['\"]\\s*,\\s*['\"](?:127\\.0\\.0\\.1|localhost)['\"]");
    private static final Pattern HOST_LIKE_NAME = Pattern.compile("(?i).*(?:host|addr|bind|listen|interface).*");
    /** Clients given a loopback host directly: redis.Redis(host="localhost"), MongoClient("localhost"). */
    private static final Pattern PYTHON_LOCALHOST_CLIENT = Pattern.compile(
            "\\b(Redis|StrictRedis|MongoClient|psycopg2?\\.connect|pymysql\\.connect)\\s*\\([^)\\n]*?(?:host\\s*=\\s*)?['\"](localhost|127\\.0\\.0\\.1)['\"]");
    private static final Pattern NODE_SIGTERM = Pattern.compile(
            "SIGTERM|enableShutdownHooks|@godaddy/terminus|http-terminator|close-with-grace|lightship|stoppable");

    private static final Pattern PYTHON_DISK_WRITE = Pattern.compile(
            "\\bopen\\s*\\([^)\\n]*,\\s*(?:mode\\s*=\\s*)?['\"][wax]b?\\+?['\"]"
                    + "|\\.save\\s*\\(\\s*os\\.path\\.join|UPLOAD_FOLDER\\s*=");
    private static final Pattern PYTHON_LOCAL_DB = Pattern.compile(
            "\\bsqlite3\\.connect\\s*\\(|sqlite:///|django\\.db\\.backends\\.sqlite3|\\bTinyDB\\s*\\(|\\bshelve\\.open\\s*\\(");
    private static final Pattern PYTHON_LOOPBACK_BIND = Pattern.compile(
            "\\bhost\\s*=\\s*['\"](127\\.0\\.0\\.1|localhost)['\"]|--host[ =](127\\.0\\.0\\.1|localhost)\\b"
                    + "|--bind[ =](127\\.0\\.0\\.1|localhost):");
    private static final Pattern PYTHON_SERVER_RUN = Pattern.compile("\\b(?:app|uvicorn|application)\\.run\\s*\\(([^)\\n]*)\\)");
    private static final Pattern PYTHON_SIGTERM = Pattern.compile("SIGTERM");

    private static final Pattern GO_DISK_WRITE = Pattern.compile("\\bos\\.(?:WriteFile|Create|OpenFile)\\s*\\(|\\bioutil\\.WriteFile\\s*\\(");
    private static final Pattern GO_LOCAL_DB = Pattern.compile("mattn/go-sqlite3|modernc\\.org/sqlite|go\\.etcd\\.io/bbolt|dgraph-io/badger");
    private static final Pattern GO_LOOPBACK_BIND = Pattern.compile("\"(127\\.0\\.0\\.1|localhost):\\d*\"");
    private static final Pattern GO_SIGTERM = Pattern.compile("signal\\.Notify|signal\\.NotifyContext|SIGTERM");

    private static final Pattern JAVA_DISK_WRITE = Pattern.compile(
            "\\bFiles\\.write(?:String)?\\s*\\(|new\\s+FileOutputStream\\s*\\(|new\\s+FileWriter\\s*\\(|\\.transferTo\\s*\\(\\s*new\\s+File\\s*\\(");
    private static final Pattern JAVA_LOCAL_DB = Pattern.compile("jdbc:sqlite:|jdbc:h2:(?:file:)?(?:~|\\./|/)|jdbc:hsqldb:file:|jdbc:derby:(?!memory)");
    private static final Pattern JAVA_LOOPBACK_BIND = Pattern.compile(
            "server\\.address\\s*[=:]\\s*(127\\.0\\.0\\.1|localhost)|new\\s+InetSocketAddress\\s*\\(\\s*\"(127\\.0\\.0\\.1|localhost)\"");

    static final Set<String> NODE_LOCAL_DATABASE_PACKAGES = Set.of(
            "sqlite3", "better-sqlite3", "sqlite", "nedb", "@seald-io/nedb", "lowdb", "level", "leveldown",
            "pouchdb", "pouchdb-node", "lokijs");

    private static final Set<String> LOCAL_DATABASE_FILE_SUFFIXES = Set.of(".sqlite", ".sqlite3", ".db", ".db3");
    private static final Set<String> SECRET_NAME_SUFFIXES = Set.of(".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk");
    private static final Set<String> SECRET_NAMES = Set.of(
            "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials", "credentials.json", ".pypirc", ".netrc",
            ".htpasswd", "secrets.json", "secrets.yml", "secrets.yaml");
    private static final Set<String> ENV_TEMPLATE_SUFFIXES = Set.of(".example", ".sample", ".template", ".dist", ".defaults");

    private ReadinessRules() {
    }

    /**
     * Credentials written into the code or its config files: they are in the image and in the repository's
     * history. The value is never repeated in the finding.
     */
    static void inlineSecrets(ProjectFiles files, ProjectAnalysis.Builder out) {
        for (String file : files.all()) {
            String lower = file.toLowerCase(Locale.ROOT);
            if (CODE_EXTENSIONS.stream().noneMatch(lower::endsWith) || NodeDetector.isTestFile(file)
                    || lower.endsWith("package-lock.json") || lower.contains("fixtures/")) {
                continue;
            }
            files.text(file).ifPresent(text -> {
                int count = 0;
                for (TextMatch m : TextMatch.all(file, text, INLINE_SECRET_VALUE)) {
                    if (m.text().contains("EXAMPLE") || count++ >= MAX_PER_FILE) {
                        continue;
                    }
                    String what = m.text().startsWith("-----") ? "A private key" : m.text().startsWith("AKIA") ? "An AWS access key"
                            : m.text().startsWith("sk_") || m.text().startsWith("rk_") ? "A live Stripe key"
                            : m.text().startsWith("xox") ? "A Slack token" : "An access token";
                    out.add(new Finding(INLINE_SECRET, Severity.ERROR, file, m.line(), what + " is written in " + file
                            + ": it would be in the image, and it is in the repository's history.",
                            "Read it from an environment variable instead and make that a secret on the Configuration step; "
                                    + "then rotate the key, since it has been shared with everyone who has the code."));
                }
            });
        }
    }

    /** Files that look like secrets: they must never be copied into an image. */
    static void secrets(ProjectFiles files, ProjectAnalysis.Builder out, boolean contextUnguarded) {
        String ownIgnore = files.exists(".dockerignore") ? files.text(".dockerignore").orElse("") : null;
        java.util.Set<String> tracked = null; // read once, when there is an environment file to ask about
        for (String file : files.all()) {
            // Docker's patterns match case exactly: a flagged file is kept out only if a line truly matches it.
            boolean leaks = contextUnguarded || (ownIgnore != null ? !ignoredBy(ownIgnore, file) : !SecretIgnores.generatedKeepsOut(file));
            String guard = leaks
                    ? "Nothing keeps it out of the image: " + (SecretIgnores.exactLine(file).isPresent()
                            ? "add `" + SecretIgnores.exactLine(file).get() + "` to .dockerignore" : "rename or move it out of the folder")
                    : ownIgnore != null ? "Your .dockerignore keeps it out of the image"
                    : "The generated .dockerignore keeps it out of the image";
            Severity severity = leaks ? Severity.ERROR : Severity.WARNING;
            String name = file.substring(file.lastIndexOf('/') + 1);
            String lower = name.toLowerCase(Locale.ROOT);
            boolean envFile = lower.equals(".env") || (lower.startsWith(".env.")
                    && ENV_TEMPLATE_SUFFIXES.stream().noneMatch(lower::endsWith));
            boolean keyFile = SECRET_NAME_SUFFIXES.stream().anyMatch(lower::endsWith)
                    || SECRET_NAMES.contains(lower) || lower.startsWith("id_rsa") || lower.startsWith("id_ed25519")
                    || (lower.endsWith(".json") && lower.contains("service-account"));
            boolean npmToken = lower.equals(".npmrc") && files.text(file).map(t -> t.contains("_authToken")).orElse(false);
            int values = envFile ? envValues(files.text(file).orElse("")) : 0;
            if (envFile && values > 0 && (tracked == null ? tracked = GitIndex.trackedPaths(files.root()) : tracked).contains(file)) {
                // In git, the values are already in the repository's history: a leak to clean up, not a risk to review.
                out.add(new Finding(SECRET_IN_CONTEXT, Severity.ERROR, file, null,
                        "Environment file " + file + " is committed to git with " + values + (values == 1 ? " value" : " values")
                                + ": everyone who can read the repository has them, and its history keeps them.",
                        "Treat them as leaked: change the secrets, stop tracking the file (`git rm --cached " + file
                                + "`, then add it to .gitignore), and give the values to the service as environment "
                                + "variables, with secrets in AWS Secrets Manager. " + guard + "."));
            } else if (envFile) {
                out.add(new Finding(SECRET_IN_CONTEXT, severity, file, null,
                        "Environment file " + file + " holds settings and secrets that must not enter the image.",
                        guard + "; give the values to the service as environment variables, and keep secrets in "
                                + "AWS Secrets Manager."));
            } else if (keyFile || npmToken) {
                out.add(new Finding(SECRET_IN_CONTEXT, severity, file, null,
                        "Key or credentials file " + file + " is in the project folder.",
                        guard + "; store it in AWS Secrets Manager and read it at run time."));
            }
        }
    }

    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("(?m)^\\s*(?:export\\s+)?[A-Za-z_][A-Za-z0-9_.]*\\s*=\\s*[^\\s#]");

    /** How many variables a dotenv file sets to something (not "KEY=" as in a template). */
    static int envValues(String text) {
        return (int) ENV_ASSIGNMENT.matcher(text).results().count();
    }

    /**
     * True when a .dockerignore's rules keep {@code path} out of the build context: Docker's patterns
     * ({@code *} within a folder, {@code **} across folders, {@code !} re-includes, the last match wins),
     * a pattern that names a folder covering what is inside it.
     */
    static boolean ignoredBy(String dockerignore, String path) {
        boolean ignored = false;
        for (String raw : dockerignore.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negate = line.startsWith("!");
            String pattern = (negate ? line.substring(1) : line).strip().replaceAll("^/+", "").replaceAll("^\\./", "")
                    .replaceAll("/+$", "");
            Pattern regex = Pattern.compile(globRegex(pattern) + "(?:/.*)?");
            if (regex.matcher(path).matches()) {
                ignored = !negate;
            }
        }
        return ignored;
    }

    private static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(i + 2 < glob.length() && glob.charAt(i + 2) == '/' ? "(?:.*/)?" : ".*");
                i += i + 2 < glob.length() && glob.charAt(i + 2) == '/' ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static final Pattern RELEASE_STEP = Pattern.compile(
            "(flask db upgrade|alembic upgrade|manage\\.py migrate|prisma migrate deploy|knex migrate:latest|"
                    + "sequelize(?:-cli)? db:migrate|typeorm migration:run|rake db:migrate|npm run migrate\\S*|"
                    + "node \\S*migrate\\S*)");

    /**
     * Migrations in the start command run again in every task that starts, racing each other when the
     * service scales out; they belong in one step before the deploy.
     */
    static void releaseSteps(String file, String text, ProjectAnalysis.Builder out) {
        for (TextMatch m : TextMatch.all(file, text, RELEASE_STEP)) {
            String line = text.lines().skip(m.line() - 1L).findFirst().orElse("");
            if (line.startsWith("release:")) {
                continue;
            }
            out.add(new Finding("release-step-in-start", Severity.WARNING, file, m.line(),
                    "The start command runs `" + m.group(1) + "` before the server: every task that starts runs it "
                            + "again, and tasks that start together run it at the same time.",
                    "Run it once per deploy instead, as a one-off task before the service is updated (a Procfile "
                            + "`release:` line says the same), and start only the server."));
            return;
        }
    }

    /** Database files in the folder (SQLite and the like): each task would get its own copy. */
    static void localDatabaseFiles(ProjectFiles files, ProjectAnalysis.Builder out) {
        for (String file : files.all()) {
            String lower = file.toLowerCase(Locale.ROOT);
            if (LOCAL_DATABASE_FILE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
                out.add(localDatabase(file, null, "Database file " + file + " lives in the project folder."));
            }
        }
    }

    static Finding localDatabase(String file, Integer line, String what) {
        return new Finding(LOCAL_DATABASE, Severity.WARNING, file, line,
                what + " Every task would have its own copy, and it is lost when the task is replaced.",
                "Move the data to a managed database (Amazon RDS or Aurora) and read its address from an "
                        + "environment variable.");
    }

    /** Database and broker URLs that point at this machine: in a container, localhost is the container. */
    static void localhostUrls(String file, String text, ProjectAnalysis.Builder out) {
        String name = file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.startsWith(".env.") && (ENV_TEMPLATE_SUFFIXES.stream().anyMatch(name::endsWith)
                || name.matches("\\.env\\.(?:development|dev|test|local|development\\.local|test\\.local)"))) {
            return; // examples and a developer's own settings: localhost is what they are meant to say
        }
        int count = 0;
        for (TextMatch m : TextMatch.all(file, text, LOCALHOST_URL)) {
            if (count++ >= MAX_PER_FILE) {
                break;
            }
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            // The URL itself is not repeated: it may carry a password.
            out.add(localhostService(file, m.line(), "A " + scheme + " URL points at " + m.group(2), scheme));
        }
    }

    private static Finding localhostService(String file, int line, String what, String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        String service = k.startsWith("mongo") ? "Amazon DocumentDB or MongoDB Atlas"
                : k.startsWith("redis") ? "Amazon ElastiCache (Redis or Valkey)"
                : k.startsWith("amqp") ? "Amazon MQ"
                : "Amazon RDS or Aurora";
        String variable = k.startsWith("redis") ? "REDIS_URL" : k.startsWith("mongo") ? "MONGODB_URI"
                : k.startsWith("amqp") ? "AMQP_URL" : "DATABASE_URL";
        return new Finding(LOCALHOST_DATABASE_URL, Severity.ERROR, file, line,
                what + "; inside a container that is the container itself, so the connection will fail.",
                "Move it to " + service + " and read its address from an environment variable such as " + variable + ".");
    }

    /**
     * The variable a server reads its bind address from, when its default is loopback
     * ({@code host: process.env.SERVER_HOSTNAME ?? '127.0.0.1'}); the image sets it to 0.0.0.0.
     */
    static java.util.Optional<TextMatch> hostFromEnvironment(String file, String text, boolean python) {
        for (TextMatch m : TextMatch.all(file, text, python ? PYTHON_HOST_FROM_ENV : NODE_HOST_FROM_ENV)) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String lineText = text.lines().skip(m.line() - 1L).findFirst().orElse("");
            if (HOST_LIKE_NAME.matcher(name).matches() || lineText.matches("(?i).*\\b(?:host|hostname|listen)\\b.*")) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    static Finding hostFromEnvironmentSet(TextMatch at, String variable) {
        return new Finding("host-from-env", Severity.INFO, at.file(), at.line(),
                "The app listens on $" + variable + ", 127.0.0.1 when it is unset: the image sets " + variable
                        + "=0.0.0.0 so the load balancer can reach it.",
                "Nothing to do in the container; keep " + variable + " unset or 0.0.0.0 in the task's configuration.");
    }

    static void node(String file, String text, ProjectAnalysis.Builder out) {
        if (NODE_SESSION_IMPORT.matcher(text).find()) {
            for (TextMatch call : TextMatch.all(file, text, NODE_SESSION_CALL)) {
                if (!hasNearby(text, call.line(), 15, Pattern.compile("\\bstore\\s*:"))) {
                    out.add(new Finding(IN_MEMORY_SESSION, Severity.ERROR, file, call.line(),
                            "Sessions are kept in the process's memory (no store is configured): behind a load "
                                    + "balancer the next request may reach another task and the user is logged out.",
                            "Give the session middleware a shared store, e.g. connect-redis with Amazon "
                                    + "ElastiCache, or use signed cookie sessions."));
                }
            }
        }
        each(file, text, NODE_DISK_WRITE, LOCAL_DISK_WRITE, out, m -> !looksTemporary(text, m.line()),
                "Writes files to the container's disk; they vanish when the task is replaced and other tasks "
                        + "never see them.",
                "Store files in Amazon S3 (or EFS for shared files); use os.tmpdir() only for scratch data.");
        each(file, text, NODE_LOOPBACK_BIND, LOOPBACK_BIND, out, m -> !m.text().contains("process.env"),
                "Listens on 127.0.0.1 only: inside a container nothing outside it, including the load "
                        + "balancer, can reach the app.",
                "Listen on all interfaces: omit the host or use '0.0.0.0', e.g. app.listen(port, '0.0.0.0').");
        localhostUrls(file, text, out);
    }

    static boolean nodeHandlesSigterm(String text) {
        return NODE_SIGTERM.matcher(text).find();
    }

    static void python(String file, String text, boolean startsWithPython, ProjectAnalysis.Builder out) {
        each(file, text, PYTHON_DISK_WRITE, LOCAL_DISK_WRITE, out, m -> !looksTemporary(text, m.line()),
                "Writes files to the container's disk; they vanish when the task is replaced and other tasks "
                        + "never see them.",
                "Store files in Amazon S3 (boto3) or on EFS; use tempfile only for scratch data.");
        for (TextMatch m : TextMatch.all(file, text, PYTHON_LOCAL_DB)) {
            out.add(localDatabase(file, m.line(), "Uses a local database file (" + m.text().strip() + ")."));
            break;
        }
        each(file, text, PYTHON_LOOPBACK_BIND, LOOPBACK_BIND, out, m -> true,
                "Listens on 127.0.0.1 only: nothing outside the container, including the load balancer, "
                        + "can reach the app.",
                "Bind to 0.0.0.0, e.g. gunicorn --bind 0.0.0.0:8000 or app.run(host=\"0.0.0.0\").");
        for (TextMatch m : TextMatch.all(file, text, PYTHON_LOCALHOST_CLIENT)) {
            String client = m.group(1);
            out.add(localhostService(file, m.line(), client + "(...) connects to " + m.group(2),
                    client.contains("Redis") ? "redis" : client.contains("Mongo") ? "mongodb" : "postgres"));
        }
        if (startsWithPython) {
            // Flask's and uvicorn's run() listen on 127.0.0.1 unless told otherwise.
            for (TextMatch run : TextMatch.all(file, text, PYTHON_SERVER_RUN)) {
                if (!run.group(1).contains("host")) {
                    out.add(new Finding(LOOPBACK_BIND, Severity.ERROR, file, run.line(),
                            "run() without host= listens on 127.0.0.1 only: nothing outside the container "
                                    + "can reach the app.",
                            "Pass host=\"0.0.0.0\", or start the app with gunicorn/uvicorn --host 0.0.0.0."));
                }
            }
        }
        localhostUrls(file, text, out);
    }

    static boolean pythonHandlesSigterm(String text) {
        return PYTHON_SIGTERM.matcher(text).find();
    }

    static void go(String file, String text, ProjectAnalysis.Builder out) {
        each(file, text, GO_DISK_WRITE, LOCAL_DISK_WRITE, out, m -> !looksTemporary(text, m.line()),
                "Writes files to the container's disk; they vanish when the task is replaced and other tasks "
                        + "never see them.",
                "Store files in Amazon S3 or on EFS; use os.TempDir() only for scratch data.");
        each(file, text, GO_LOCAL_DB, LOCAL_DATABASE, out, m -> true,
                "Uses an embedded database: every task would have its own copy, lost when the task is replaced.",
                "Move the data to a managed database (Amazon RDS or Aurora).");
        each(file, text, GO_LOOPBACK_BIND, LOOPBACK_BIND, out, m -> true,
                "Listens on 127.0.0.1 only: nothing outside the container, including the load balancer, "
                        + "can reach the app.",
                "Listen on all interfaces, e.g. \":8080\".");
        localhostUrls(file, text, out);
    }

    static boolean goHandlesSigterm(String text) {
        return GO_SIGTERM.matcher(text).find();
    }

    static void java(String file, String text, ProjectAnalysis.Builder out) {
        each(file, text, JAVA_DISK_WRITE, LOCAL_DISK_WRITE, out, m -> !looksTemporary(text, m.line()),
                "Writes files to the container's disk; they vanish when the task is replaced and other tasks "
                        + "never see them.",
                "Store files in Amazon S3 or on EFS; use a temp file only for scratch data.");
        each(file, text, JAVA_LOCAL_DB, LOCAL_DATABASE, out, m -> true,
                "Uses a file-based database: every task would have its own copy, lost when the task is replaced.",
                "Move the data to a managed database (Amazon RDS or Aurora).");
        each(file, text, JAVA_LOOPBACK_BIND, LOOPBACK_BIND, out, m -> true,
                "Listens on 127.0.0.1 only: nothing outside the container, including the load balancer, "
                        + "can reach the app.",
                "Listen on all interfaces (remove server.address or set it to 0.0.0.0).");
        localhostUrls(file, text, out);
    }

    static Finding noSigterm(String file, String how) {
        return new Finding(NO_SIGTERM_HANDLER, Severity.WARNING, file, null,
                "The app does not handle SIGTERM: when a task is stopped (scale-in, deployment) requests in "
                        + "flight are cut off after the stop timeout.",
                how);
    }

    static Finding noHealthRoute(String defaultPath) {
        return new Finding(NO_HEALTH_ROUTE, Severity.WARNING, null, null,
                "No health route found. The load balancer needs one to know when a task can take traffic.",
                "Add a route such as GET " + defaultPath + " that answers 200 when the app is ready; if the app has one "
                        + "Dockhand did not find, name it as the health path (Edit on the Project step, or healthPath "
                        + "in dockhand.yaml).");
    }

    private static void each(String file, String text, Pattern pattern, String id, ProjectAnalysis.Builder out,
                             java.util.function.Predicate<TextMatch> keep, String message, String fix) {
        List<TextMatch> matches = TextMatch.all(file, text, pattern).stream().filter(keep).limit(MAX_PER_FILE).toList();
        Severity severity = id.equals(LOOPBACK_BIND) ? Severity.ERROR : Severity.WARNING;
        for (TextMatch m : matches) {
            out.add(new Finding(id, severity, file, m.line(), message, fix));
        }
    }

    private static boolean hasNearby(String text, int line, int span, Pattern pattern) {
        String[] lines = text.split("\n", -1);
        for (int i = line - 1; i < Math.min(lines.length, line - 1 + span); i++) {
            if (pattern.matcher(lines[i]).find()) {
                return true;
            }
        }
        return false;
    }

    /** Writes into temp folders are scratch data and fine in a container. */
    private static boolean looksTemporary(String text, int line) {
        String[] lines = text.split("\n", -1);
        String l = line - 1 < lines.length ? lines[line - 1].toLowerCase(Locale.ROOT) : "";
        return l.contains("tmp") || l.contains("temp") || l.contains("process.stdout") || l.contains("/dev/");
    }
}
