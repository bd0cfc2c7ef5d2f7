package dev.dockhand.dockerfile;

import dev.dockhand.project.CodeGeneration;
import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectLinks;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dockerfile for Node.js apps (npm, Yarn classic and Berry, pnpm, Bun; monorepo workspaces). */
final class NodeDockerfile {

    private final ProjectAnalysis p;
    private final NodeInstall install;
    private final String manager;

    NodeDockerfile(ProjectAnalysis analysis) {
        this.p = analysis;
        this.install = new NodeInstall(analysis);
        this.manager = install.manager();
    }

    String write() {
        DockerfileText d = new DockerfileText();
        d.comment(Header.of(p, describe()));
        String base = manager.equals("bun") ? BaseImages.bun() : BaseImages.node(p.runtimeVersion());
        boolean build = p.buildCommand() != null;
        boolean workspaces = !p.appDirectory().isEmpty();
        boolean generates = !p.codeGeneration().isEmpty();

        if (build || workspaces || generates) {
            // Build stage: all dependencies (dev ones are needed to build), then the build, then dev
            // dependencies are pruned so only production ones reach the final image.
            d.blank().line("FROM " + base + " AS build");
            buildTools(d);
            if (!p.buildEnvironment().isEmpty()) {
                d.comment("For the build only: the final stage below does not inherit these.");
                d.env(p.buildEnvironment());
            }
            d.line("WORKDIR /app");
            install.copyInstallFiles(d);
            d.line("RUN " + install.install(false));
            d.blank().line("COPY . .");
            for (CodeGeneration generate : p.codeGeneration()) {
                d.line("RUN " + (workspaces ? "cd " + p.appDirectory() + " && " : "") + generate.command());
            }
            if (build) {
                boolean fromRoot = p.buildCommand().startsWith("npx turbo ") || p.buildCommand().startsWith("npx nx ");
                if (workspaces && !fromRoot) {
                    d.line("WORKDIR /app/" + p.appDirectory());
                }
                d.line("RUN " + p.buildCommand());
                if (workspaces && !fromRoot) {
                    d.line("WORKDIR /app");
                }
            }
            if (install.deploysWorkspacePackage()) {
                d.comment("pnpm's own way to make one workspace package deployable: its production dependencies, "
                        + "workspace packages\nincluded, in a folder of its own; then the package's files with what "
                        + "the build wrote.");
                d.line("RUN " + install.deployWorkspacePackage("/prod/app"));
                finalStage(d, base);
                d.line("COPY --from=build /prod/app ./");
            } else {
                d.line("RUN " + install.prune());
                finalStage(d, base);
                d.line("COPY --from=build /app ./");
            }
        } else if (p.nativeModules()) {
            // Native modules compile in a stage with build tools; the final image gets only the result.
            d.blank().line("FROM " + base + " AS deps");
            buildTools(d);
            d.line("WORKDIR /app");
            install.copyInstallFiles(d);
            d.line("RUN " + install.install(true));
            finalStage(d, base);
            d.line("COPY --from=deps /app/node_modules ./node_modules");
            d.line("COPY . .");
        } else {
            finalStage(d, base);
            d.blank().comment("Dependencies first: this layer is reused until package.json or the lockfile change.");
            install.copyInstallFiles(d);
            d.line("RUN " + install.install(true) + install.cleanCache());
            d.blank().line("COPY . .");
        }
        runtime(d);
        return d.toString();
    }

    private String describe() {
        return "Node.js " + p.runtimeVersion() + " app (" + p.versionSource() + "), " + manager
                + (p.yarnBerry() ? " (Berry)" : "") + (p.framework() == null ? "" : ", " + p.framework());
    }

    private void finalStage(DockerfileText d, String base) {
        d.blank().line("FROM " + base);
        d.env(Map.of("NODE_ENV", "production"));
        d.line("WORKDIR /app");
    }

    private void buildTools(DockerfileText d) {
        if (p.nativeModules()) {
            d.comment("Native modules compile at install time.");
            d.line("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends python3 make g++ \\\n"
                    + "    && rm -rf /var/lib/apt/lists/*");
        }
    }

    private void runtime(DockerfileText d) {
        CommandLine start = CommandLine.parse(p.startCommand());
        Map<String, String> env = new LinkedHashMap<>(start.environment());
        env.put("PORT", String.valueOf(p.port()));
        if (p.hostVariable() != null) {
            env.put(p.hostVariable(), "0.0.0.0");
        }
        boolean deployed = install.deploysWorkspacePackage();
        String appHome = !p.appDirectory().isEmpty() && !deployed ? "/app/" + p.appDirectory() : "/app";
        if (start.needsShell()) {
            // The start command's programs, as `npm run` would find them.
            env.put("PATH", appHome + "/node_modules/.bin:" + (appHome.equals("/app") ? "" : "/app/node_modules/.bin:") + "$PATH");
        }
        d.blank();
        if (!appHome.equals("/app")) {
            d.line("WORKDIR " + appHome);
        }
        if (p.hostVariable() != null) {
            d.comment("The app binds to $" + p.hostVariable() + " (loopback by default): in a container it must listen on "
                    + "every interface.");
        }
        d.env(env);
        d.line("EXPOSE " + p.port());
        d.comment("The image's unprivileged user; the app's files stay owned by root, so it cannot change them.");
        d.line("USER " + (manager.equals("bun") ? "bun" : "node"));
        if (p.healthPath() != null && !manager.equals("bun") && NodeInstall.nodeMajor(p) >= 18) {
            d.line("HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \\\n    CMD "
                    + Escape.execForm(List.of("node", "-e",
                    "fetch('http://127.0.0.1:' + (process.env.PORT || " + p.port() + ") + " + Escape.javaScriptString(p.healthPath())
                            + ").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))")));
        }
        List<String> command = command(start);
        if (command.get(0).equals("sh")) {
            d.comment("The start command uses shell features: every step runs, and the last one replaces the shell, "
                    + "so the app is PID 1 and receives SIGTERM itself.");
        } else if (command.get(0).equals(manager)) {
            d.comment(manager + " runs the start script and passes SIGTERM on to the app.");
        } else {
            d.comment("Exec form: the app is PID 1 and receives SIGTERM itself when the task stops.");
        }
        d.line("CMD " + Escape.execForm(command));
    }

    private List<String> command(CommandLine start) {
        if (start.needsShell()) {
            return CommandLine.shellForm(p.startCommand());
        }
        if (start.arguments().isEmpty()) {
            return List.of(manager.equals("bun") ? "bun" : "npm", "run", "start");
        }
        List<String> args = new ArrayList<>(start.arguments());
        String program = args.get(0);
        if (manager.equals("bun") && program.equals("node")) {
            args.set(0, "bun");
        } else if (program.equals("node") && p.yarnBerry() && !nodeModulesLinker()) {
            // Yarn Plug'n'Play: node needs the resolver Yarn wrote instead of node_modules.
            args.addAll(1, List.of("--require", "./.pnp.cjs"));
        } else if (!program.contains("/") && !List.of("node", "npm", "yarn", "pnpm", "bun", "npx").contains(program)) {
            args.set(0, "node_modules/.bin/" + program);
        }
        return args;
    }

    private boolean nodeModulesLinker() {
        try {
            return ProjectLinks.readString(p.root(), p.root().resolve(".yarnrc.yml")).matches("(?s).*nodeLinker:\\s*[\"']?node-modules.*");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
