package dev.dockhand.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python web apps: pip, Poetry, uv or Pipenv; Django, Flask, FastAPI; gunicorn or uvicorn. */
final class PythonDetector {

    static final Set<String> MARKERS = Set.of("requirements.txt", "pyproject.toml", "Pipfile", "setup.py", "uv.lock", "poetry.lock");
    private static final Pattern FLASK_APP = Pattern.compile("^(\\w+)\\s*=\\s*Flask\\s*\\(", Pattern.MULTILINE);
    private static final Pattern FASTAPI_APP = Pattern.compile("^(\\w+)\\s*=\\s*FastAPI\\s*\\(", Pattern.MULTILINE);
    private static final Pattern DJANGO_SETTINGS = Pattern.compile("DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"](\\w+)\\.settings");
    private static final Pattern RUN_PORT = Pattern.compile("\\.run\\s*\\([^)\\n]*\\bport\\s*=\\s*(\\d{2,5})");
    private static final Pattern CLI_PORT = Pattern.compile("(?:--port[ =]|--bind[ =][^:\\s]*:|-b [^:\\s]*:)(\\d{2,5})");
    private static final Pattern HEALTH_ROUTE = Pattern.compile(
            "@\\w+\\.(?:get|route|api_route)\\s*\\(\\s*['\"](/(?:healthz|healthcheck|health|readyz|ready|livez|ping))/?['\"]"
                    + "|\\bpath\\s*\\(\\s*['\"]((?:healthz|healthcheck|health|ping)/?)['\"]"
                    + "|['\"](/(?:healthz|healthcheck|health))['\"]");

    private final ProjectFiles files;
    private final ProjectAnalysis.Builder out;

    PythonDetector(ProjectFiles files, ProjectAnalysis.Builder out) {
        this.files = files;
        this.out = out;
    }

    static boolean applies(ProjectFiles files) {
        return MARKERS.stream().anyMatch(files::exists) || files.exists("manage.py")
                || (files.exists("app.py") || files.exists("main.py"));
    }

    void detect() {
        out.stack = Stack.PYTHON;
        JsonNode pyproject = readPyproject();
        String requirements = files.text("requirements.txt").orElse("")
                + "\n" + files.text("Pipfile").orElse("")
                + "\n" + pyproject.toString();
        String deps = requirements.toLowerCase(Locale.ROOT);

        if (files.exists("uv.lock")) {
            out.buildTool = "uv";
            out.lockfile = "uv.lock";
        } else if (files.exists("poetry.lock") || !pyproject.path("tool").path("poetry").isMissingNode()) {
            out.buildTool = "poetry";
            out.lockfile = files.exists("poetry.lock") ? "poetry.lock" : null;
        } else if (files.exists("Pipfile")) {
            out.buildTool = "pipenv";
            out.lockfile = files.exists("Pipfile.lock") ? "Pipfile.lock" : null;
        } else {
            out.buildTool = "pip";
            out.lockfile = files.exists("requirements.txt") ? "requirements.txt" : null;
        }
        version(pyproject);

        List<String> sources = files.under("", Set.of(".py")).stream().filter(f -> !NodeDetector.isTestFile(f)
                && !f.contains("/migrations/")).toList();
        if (files.exists("manage.py") || hasDep(deps, "django")) {
            out.framework = "django";
        } else if (hasDep(deps, "fastapi")) {
            out.framework = "fastapi";
        } else if (hasDep(deps, "flask")) {
            out.framework = "flask";
        }
        start(sources, deps);
        port(sources);
        health(sources);
        readiness(sources);
    }

    private JsonNode readPyproject() {
        return files.text("pyproject.toml").map(text -> {
            try {
                return new TomlMapper().readTree(text);
            } catch (java.io.IOException e) {
                out.add(new Finding("unreadable-pyproject", Severity.WARNING, "pyproject.toml", null,
                        "pyproject.toml is not valid TOML, so its settings were not read.",
                        "Fix the TOML syntax (pip cannot read it either)."));
                return null;
            }
        }).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    private static boolean hasDep(String deps, String name) {
        return Pattern.compile("(?m)(^|[\\s\"'=,\\[])" + Pattern.quote(name) + "([\\s\"'=<>~!\\[;,]|$)").matcher(deps).find();
    }

    private void version(JsonNode pyproject) {
        Optional<String> fromFile = files.text(".python-version").flatMap(t -> t.lines().findFirst()).flatMap(RuntimeVersions::pythonMinor);
        if (fromFile.isPresent()) {
            setVersion(fromFile.get(), ".python-version");
            return;
        }
        Optional<String> runtime = files.text("runtime.txt").flatMap(RuntimeVersions::pythonMinor);
        if (runtime.isPresent()) {
            setVersion(runtime.get(), "runtime.txt");
            return;
        }
        String requires = pyproject.path("project").path("requires-python").asText("");
        if (requires.isEmpty()) {
            requires = pyproject.path("tool").path("poetry").path("dependencies").path("python").asText("");
        }
        Optional<String> fromRequires = requires.isEmpty() ? Optional.empty() : RuntimeVersions.pythonMinor(requires);
        if (fromRequires.isPresent()) {
            setVersion(fromRequires.get(), "pyproject.toml \"" + requires + "\"");
            return;
        }
        setVersion(RuntimeVersions.PYTHON_DEFAULT, "current stable, as the project pins no version");
    }

    private void setVersion(String version, String source) {
        out.runtimeVersion = version;
        out.versionSource = source;
    }

    private void start(List<String> sources, String deps) {
        Optional<String> procfile = files.text("Procfile").flatMap(t -> t.lines()
                .filter(l -> l.startsWith("web:")).findFirst()).map(l -> l.substring(4).strip());
        if (procfile.isPresent()) {
            out.startCommand = procfile.get().replace("$PORT", "8000").replace("${PORT}", "8000");
            out.startReason = "Procfile web:";
            ReadinessRules.releaseSteps("Procfile", files.text("Procfile").orElse(""), out);
            return;
        }
        boolean gunicorn = hasDep(deps, "gunicorn");
        // FastAPI's "standard" extra brings uvicorn and the fastapi command.
        boolean uvicorn = hasDep(deps, "uvicorn") || deps.contains("fastapi[standard") || hasDep(deps, "fastapi-cli");
        if ("django".equals(out.framework)) {
            String project = files.text("manage.py").flatMap(t -> TextMatch.first("manage.py", t, DJANGO_SETTINGS))
                    .map(m -> m.group(1)).orElse("config");
            if (gunicorn) {
                out.startCommand = "gunicorn " + project + ".wsgi:application --bind 0.0.0.0:8000";
                return;
            }
            out.startCommand = "python manage.py runserver 0.0.0.0:8000";
            devServer("manage.py", "Django's runserver");
            return;
        }
        Optional<TextMatch> app = appObject(sources, "fastapi".equals(out.framework) ? FASTAPI_APP : FLASK_APP);
        if (app.isPresent() && out.framework != null) {
            String module = app.get().file().replaceAll("\\.py$", "").replace('/', '.');
            String target = module + ":" + app.get().group(1);
            if ("fastapi".equals(out.framework) && uvicorn) {
                out.startCommand = "uvicorn " + target + " --host 0.0.0.0 --port 8000";
                out.startReason = "the FastAPI app object in " + app.get().file() + ":" + app.get().line();
                return;
            }
            if ("fastapi".equals(out.framework)) {
                out.add(new Finding("no-asgi-server", Severity.ERROR, app.get().file(), app.get().line(),
                        "The FastAPI app needs an ASGI server to run, and the dependencies name none.",
                        "Depend on \"fastapi[standard]\" (which brings uvicorn) or on uvicorn itself."));
                return;
            }
            if (gunicorn) {
                out.startCommand = "gunicorn " + target + " --bind 0.0.0.0:8000";
                return;
            }
        }
        for (String candidate : List.of("app.py", "main.py", "server.py", "wsgi.py", "run.py")) {
            if (files.exists(candidate)) {
                out.startCommand = "python " + candidate;
                if ("flask".equals(out.framework)) {
                    devServer(candidate, "Flask's built-in server");
                }
                return;
            }
        }
        out.add(new Finding("no-start-command", Severity.ERROR, null, null,
                "No way to start the app was found (no Procfile, app.py, main.py or WSGI/ASGI app).",
                "Add a Procfile with a line like `web: gunicorn app:app --bind 0.0.0.0:8000`."));
    }

    private void devServer(String file, String what) {
        out.add(new Finding("dev-server", Severity.WARNING, file, null,
                what + " is meant for development: it serves one request at a time and is not hardened.",
                "Add gunicorn (or uvicorn for ASGI apps) to your dependencies; Dockhand then starts the app with it."));
    }

    private Optional<TextMatch> appObject(List<String> sources, Pattern pattern) {
        for (String file : sources) {
            Optional<TextMatch> m = files.text(file).flatMap(t -> TextMatch.first(file, t, pattern));
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    private void port(List<String> sources) {
        if (out.startCommand != null) {
            Matcher m = CLI_PORT.matcher(out.startCommand);
            if (m.find()) {
                out.port = Integer.parseInt(m.group(1));
                return;
            }
        }
        for (String file : sources) {
            Optional<TextMatch> m = files.text(file).flatMap(t -> TextMatch.first(file, t, RUN_PORT));
            if (m.isPresent()) {
                out.port = Integer.parseInt(m.get().group(1));
                return;
            }
        }
        out.port = "flask".equals(out.framework) && out.startCommand != null && out.startCommand.startsWith("python ")
                ? 5000 : 8000;
        for (String file : sources) {
            Optional<TextMatch> env = files.text(file).flatMap(t -> TextMatch.first(file, t,
                    Pattern.compile("(?:environ\\.get|getenv)\\s*\\(\\s*['\"]PORT['\"]\\s*,\\s*['\"]?(\\d{2,5})")));
            if (env.isPresent()) {
                out.port = Integer.parseInt(env.get().group(1));
                return;
            }
        }
    }

    private void health(List<String> sources) {
        Optional<String> routed = HealthRoutes.python(files, sources);
        if (routed.isPresent()) {
            out.healthPath = routed.get();
            return;
        }
        for (String file : sources) {
            Optional<TextMatch> m = files.text(file).flatMap(t -> TextMatch.first(file, t, HEALTH_ROUTE));
            if (m.isPresent()) {
                String path = m.get().groups().stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow();
                out.healthPath = path.startsWith("/") ? path : "/" + path;
                return;
            }
        }
        if (HealthRoutes.answersRoot(files, sources)) {
            out.healthPath = "/";
            out.add(HealthRoutes.rootAsHealthPath());
            return;
        }
        out.add(ReadinessRules.noHealthRoute("/health"));
    }

    private void readiness(List<String> sources) {
        boolean runsWithPython = out.startCommand != null && out.startCommand.startsWith("python ");
        boolean sigterm = !runsWithPython; // gunicorn and uvicorn drain on SIGTERM themselves
        for (String file : sources) {
            Optional<String> text = files.text(file);
            if (text.isPresent()) {
                if (out.hostVariable == null) {
                    ReadinessRules.hostFromEnvironment(file, text.get(), true).ifPresent(m -> {
                        out.hostVariable = m.group(1);
                        out.add(ReadinessRules.hostFromEnvironmentSet(m, out.hostVariable));
                    });
                }
                ReadinessRules.python(file, text.get(), runsWithPython, out);
                sigterm |= ReadinessRules.pythonHandlesSigterm(text.get());
            }
        }
        if (!sigterm && out.startCommand != null) {
            out.add(ReadinessRules.noSigterm(out.startCommand.substring("python ".length()).split(" ")[0],
                    "Run the app under gunicorn or uvicorn, which drain on SIGTERM, or handle "
                            + "signal.SIGTERM and shut the server down."));
        }
        for (String config : files.all()) {
            String name = config.substring(config.lastIndexOf('/') + 1);
            if (name.startsWith(".env") || name.matches(".*\\.(?:ini|cfg|toml|ya?ml)")) {
                files.text(config).ifPresent(t -> ReadinessRules.localhostUrls(config, t, out));
            }
        }
    }
}
