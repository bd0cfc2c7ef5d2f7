package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectLinks;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dockerfile for Python web apps (pip, Poetry, uv, Pipenv). */
final class PythonDockerfile {

    private final ProjectAnalysis p;

    PythonDockerfile(ProjectAnalysis analysis) {
        this.p = analysis;
    }

    String write() {
        DockerfileText d = new DockerfileText();
        d.comment(Header.of(p, "Python " + p.runtimeVersion() + " app (" + p.versionSource() + "), " + p.buildTool()
                + (p.framework() == null ? "" : ", " + p.framework())));
        String base = BaseImages.python(p.runtimeVersion());
        Map<String, String> pythonEnv = new LinkedHashMap<>();
        pythonEnv.put("PYTHONDONTWRITEBYTECODE", "1");
        pythonEnv.put("PYTHONUNBUFFERED", "1");
        pythonEnv.put("PIP_NO_CACHE_DIR", "1");
        pythonEnv.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");

        String tool = p.buildTool();
        if (tool.equals("pip")) {
            d.blank().line("FROM " + base);
            d.env(pythonEnv);
            d.line("WORKDIR /app");
            if (exists("requirements.txt")) {
                d.comment("Dependencies first: this layer is reused until requirements.txt changes.");
                d.line("COPY requirements.txt ./");
                d.line("RUN pip install --no-cache-dir -r requirements.txt");
                d.blank().line("COPY . .");
            } else {
                d.line("COPY . .");
                d.line("RUN pip install --no-cache-dir .");
            }
        } else {
            // Tools that manage a virtual environment build it in a first stage; the final image gets the
            // environment only, not the tool.
            d.blank().line("FROM " + base + " AS build");
            d.env(pythonEnv);
            d.line("WORKDIR /app");
            switch (tool) {
                case "uv" -> {
                    d.line("RUN pip install --no-cache-dir uv");
                    d.copy(List.of("pyproject.toml", "uv.lock"), "./");
                    d.line("RUN uv sync --frozen --no-dev --no-install-project");
                }
                case "poetry" -> {
                    d.line("RUN pip install --no-cache-dir poetry");
                    d.copy(p.lockfile() == null ? List.of("pyproject.toml") : List.of("pyproject.toml", "poetry.lock"), "./");
                    d.line("RUN POETRY_VIRTUALENVS_IN_PROJECT=true poetry install --only main --no-root --no-interaction");
                }
                default -> { // pipenv
                    d.line("RUN pip install --no-cache-dir pipenv");
                    d.copy(p.lockfile() == null ? List.of("Pipfile") : List.of("Pipfile", "Pipfile.lock"), "./");
                    d.line("RUN PIPENV_VENV_IN_PROJECT=1 pipenv install " + (p.lockfile() == null ? "" : "--deploy"));
                }
            }
            d.blank().line("FROM " + base);
            d.env(pythonEnv);
            d.line("WORKDIR /app");
            d.line("COPY --from=build /app/.venv /app/.venv");
            d.env(Map.of("PATH", "/app/.venv/bin:$PATH"));
            d.line("COPY . .");
        }

        CommandLine start = CommandLine.parse(p.startCommand());
        Map<String, String> env = new LinkedHashMap<>(start.environment());
        env.put("PORT", String.valueOf(p.port()));
        if (p.hostVariable() != null) {
            env.put(p.hostVariable(), "0.0.0.0"); // the app's own default is loopback
        }
        d.blank().env(env);
        d.line("EXPOSE " + p.port());
        d.comment("An unprivileged user: the app cannot change its own files or the system's.");
        d.line("USER 10001:10001");
        if (p.healthPath() != null) {
            d.line("HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \\\n    CMD "
                    + Escape.execForm(List.of("python", "-c",
                    "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '"
                            + p.port() + "') + " + Escape.pythonString(p.healthPath()) + ", timeout=4)")));
        }
        d.comment(start.needsShell() ? "Every step of the start command runs; the last one replaces the shell, so the "
                + "server is PID 1 and receives SIGTERM itself." : "Exec form: the server is PID 1 and receives SIGTERM itself when the task stops.");
        d.line("CMD " + Escape.execForm(start.needsShell() ? CommandLine.shellForm(p.startCommand())
                : start.arguments()));
        return d.toString();
    }

    private boolean exists(String relative) {
        return ProjectLinks.isProjectFile(p.root(), p.root().resolve(relative));
    }
}
