package dev.dockhand.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production start command of a Node.js package. A package's {@code start} script is often a
 * development runner ({@code nest start}, {@code next dev}, {@code nx serve}, ts-node, nodemon): those
 * watch files or compile at start-up, and the final image does not even have them once development
 * dependencies are pruned. This finds what the build produces and starts that directly.
 */
final class NodeStart {

    /** The command and, in the user's words, why it was chosen. */
    record Start(String command, String reason) {
    }

    /** Programs that run TypeScript or watch files: development runners, never a production start. */
    private static final Set<String> SOURCE_RUNNERS = Set.of("ts-node", "ts-node-dev", "tsx", "nodemon", "babel-node");

    /** The package that provides a command, where it is not the command's own name. */
    private static final Map<String, String> PACKAGE_OF_BINARY = Map.ofEntries(
            Map.entry("nest", "@nestjs/cli"), Map.entry("tsc", "typescript"), Map.entry("pm2-runtime", "pm2"),
            Map.entry("react-router-serve", "@react-router/serve"), Map.entry("remix-serve", "@remix-run/serve"),
            Map.entry("fastify", "fastify-cli"), Map.entry("dotenv", "dotenv-cli"), Map.entry("nuxi", "nuxi"),
            Map.entry("babel-node", "@babel/node"), Map.entry("env-cmd", "env-cmd"));

    private static final Set<String> SHELL_WORDS = Set.of("node", "npm", "npx", "yarn", "pnpm", "bun", "sh", "exec", "cd");

    private static final ObjectMapper LENIENT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    private static final Pattern WEBPACK_OPTION = Pattern.compile("\\b(outputPath|main)\\s*:\\s*['\"`]([^'\"`]+)['\"`]");

    private final ProjectFiles files;
    private final ProjectAnalysis.Builder out;
    private final JsonNode rootPkg;
    private final JsonNode pkg;
    private final String appDir;

    NodeStart(ProjectFiles files, ProjectAnalysis.Builder out, JsonNode rootPkg, JsonNode pkg, String appDir) {
        this.files = files;
        this.out = out;
        this.rootPkg = rootPkg;
        this.pkg = pkg;
        this.appDir = appDir;
    }

    /** The start script's name, most production-like first, or null. */
    static String startScriptName(JsonNode scripts) {
        for (String name : List.of("start:prod", "start:production", "serve:prod", "start")) {
            if (scripts.hasNonNull(name) && !scripts.get(name).asText().isBlank()) {
                return name;
            }
        }
        return null;
    }

    /** Resolves the start script (following {@code npm run X}) to a command the final image can run. */
    Optional<Start> fromScripts() {
        JsonNode scripts = pkg.path("scripts");
        String name = startScriptName(scripts);
        if (name == null) {
            return Optional.empty();
        }
        String script = scripts.get(name).asText().strip();
        String source = "package.json scripts." + name;
        // `"start": "npm run start:prod"` and the like: follow the named script (a few levels at most).
        for (int depth = 0; depth < 3; depth++) {
            Matcher run = Pattern.compile("^(?:npm run|npm run-script|yarn run|yarn|pnpm run|pnpm|bun run)\\s+([\\w:.-]+)$")
                    .matcher(script);
            if (!run.matches() || !scripts.hasNonNull(run.group(1)) || List.of("install", "add").contains(run.group(1))) {
                break;
            }
            source = "package.json scripts." + run.group(1) + ", run by scripts." + name;
            name = run.group(1);
            script = scripts.get(name).asText().strip();
        }
        // Any line break, not only \n: a Dockerfile line ends at one, and the rest would become an instruction.
        if (LINE_BREAK.matcher(script).find()) {
            out.add(new Finding("multiline-start-script", Severity.ERROR, prefix() + "package.json", null,
                    "The " + name + " script spans several lines, so it cannot be written as one start command.",
                    "Put the steps on one line joined with &&, or move them into a script file and run it with node."));
            return Optional.empty();
        }
        return Optional.of(production(script, source));
    }

    /** A development command turned into its production equivalent; others are returned as they are. */
    private Start production(String script, String source) {
        List<String> words = new ArrayList<>(Arrays.asList(script.split("\\s+")));
        String env = "";
        // Wrappers that load a .env file or set variables: in a container the task's configuration
        // provides the environment (and .env is kept out of the image), so the wrapped command runs alone.
        String wrapper = null;
        while (!words.isEmpty()) {
            String first = words.get(0);
            if (first.equals("cross-env") || first.equals("env")) {
                wrapper = first;
                words.remove(0);
                while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    env += words.remove(0) + " ";
                }
            } else if ((first.equals("dotenv") || first.equals("env-cmd")) && words.contains("--")) {
                wrapper = first;
                words.subList(0, words.indexOf("--") + 1).clear();
            } else if (first.equals("env-cmd")) {
                wrapper = first;
                words.remove(0);
                while (!words.isEmpty() && words.get(0).startsWith("-")) {
                    String flag = words.remove(0);
                    if (flag.matches("-[fer]|--file|--environments|--rc-file") && !words.isEmpty()) {
                        words.remove(0);
                    }
                }
            } else {
                break;
            }
        }
        if (words.isEmpty()) {
            return new Start(script, source);
        }
        if (wrapper != null) {
            source += "; without its " + wrapper + " wrapper, since the task's configuration sets the environment";
        }
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (program.equals("npx") && !args.isEmpty()) {
            program = args.get(0);
            args = args.subList(1, args.size());
        }
        if (program.equals("nest") && !args.isEmpty() && args.get(0).equals("start")) {
            return new Start(env + "node " + nestEntry(), source + " runs `nest start`, Nest's development runner; "
                    + "the build's output is started instead");
        }
        if (program.equals("next") && !args.isEmpty() && args.get(0).equals("dev")) {
            return new Start(env + "next start", source + " runs `next dev`, the development server; `next start` "
                    + "serves the production build");
        }
        if (program.equals("nx")) {
            Optional<Start> nx = nx(args, source);
            if (nx.isPresent()) {
                return nx.get();
            }
        }
        if (program.equals("pm2") && args.size() >= 2 && args.get(0).equals("start")) {
            return new Start(env + "pm2-runtime " + String.join(" ", args.subList(1, args.size())),
                    source + " runs `pm2 start`, which puts the app in the background and exits; pm2-runtime keeps "
                            + "it in the foreground as a container needs");
        }
        if (SOURCE_RUNNERS.contains(program) || program.equals("node") && args.contains("--watch")) {
            Optional<String> entry = args.stream().filter(a -> !a.startsWith("-") && a.matches(".*\\.[cm]?[jt]sx?$"))
                    .findFirst().or(() -> Optional.ofNullable(mainField()));
            if (entry.isPresent()) {
                String compiled = compiledFile(entry.get());
                return new Start(env + "node " + compiled, source + " runs " + program + ", a development runner; "
                        + (compiled.equals(entry.get()) ? "node runs the file directly"
                        : "node runs " + compiled + ", which the build compiles from " + entry.get()));
            }
        }
        return new Start(wrapper == null ? script : env + String.join(" ", words), source);
    }

    /** Nest's compiled entry: tsconfig's outDir (default dist) and nest-cli.json's entryFile (default main). */
    String nestEntry() {
        String outDir = outDir().orElse("dist");
        String entry = "main";
        String sourceRoot = "src";
        Optional<JsonNode> cli = json(prefix() + "nest-cli.json");
        if (cli.isPresent()) {
            entry = cli.get().path("entryFile").asText("main");
            sourceRoot = cli.get().path("sourceRoot").asText("src");
        }
        // tsc keeps the source layout when files outside the source root are compiled too (e.g. a
        // prisma/seed.ts): then the entry sits under dist/src.
        boolean nested = files.exists(prefix() + outDir + "/" + sourceRoot + "/" + entry + ".js");
        return outDir + "/" + (nested ? sourceRoot + "/" : "") + entry;
    }

    /** {@code nx serve api}, {@code nx run api:serve}, {@code nx start api}: the project's built main file. */
    private Optional<Start> nx(List<String> args, String source) {
        String project = null;
        if (args.size() >= 2 && List.of("serve", "start").contains(args.get(0))) {
            project = args.get(1);
        } else if (args.size() >= 2 && args.get(0).equals("run") && args.get(1).contains(":")) {
            project = args.get(1).substring(0, args.get(1).indexOf(':'));
        } else if (args.size() == 1 && args.get(0).contains(":")) {
            project = args.get(0).substring(0, args.get(0).indexOf(':'));
        } else if (args.size() >= 2 && args.get(1).matches("serve|start")) {
            project = args.get(0);
        }
        if (project == null) {
            return Optional.empty();
        }
        Optional<NxProject> found = NxProject.find(files, project);
        if (found.isEmpty()) {
            out.add(new Finding("nx-project-unknown", Severity.ERROR, prefix() + "package.json", null,
                    "The start script serves the Nx project \"" + project + "\", but no project.json names it, so "
                            + "Dockhand cannot tell what its build produces.",
                    "Add a \"start:prod\" script such as \"node dist/apps/" + project + "/main.js\"."));
            return Optional.empty();
        }
        NxProject nx = found.get();
        out.buildCommand = "npx nx build " + project;
        out.buildOutput = nx.outputPath();
        out.buildEnvironment.put("NX_DAEMON", "false");
        out.buildEnvironment.put("NX_NO_CLOUD", "true");
        return Optional.of(new Start("node " + nx.compiledMain(), source + " runs `nx serve " + project
                + "`, Nx's development server; " + nx.describe()));
    }

    /** Where tsc writes a source file: outDir plus its path below rootDir, with a .js extension. */
    private String compiledFile(String source) {
        String file = source.replaceAll("^\\./", "");
        if (!file.matches(".*\\.[cm]?tsx?$")) {
            return file;
        }
        String outDir = outDir().orElse("dist");
        String rootDir = tsconfig().map(t -> t.path("compilerOptions").path("rootDir").asText(""))
                .filter(r -> !r.isBlank()).map(r -> r.replaceAll("^\\./", "").replaceAll("/$", ""))
                .orElse(file.startsWith("src/") ? "src" : "");
        String below = rootDir.isEmpty() || rootDir.equals(".") ? file
                : file.startsWith(rootDir + "/") ? file.substring(rootDir.length() + 1) : file;
        return outDir + "/" + below.replaceAll("\\.ts$", ".js").replaceAll("\\.mts$", ".mjs")
                .replaceAll("\\.cts$", ".cjs").replaceAll("\\.tsx$", ".js");
    }

    private String mainField() {
        String main = pkg.path("main").asText("");
        return main.isBlank() ? null : main.replaceAll("^\\./", "");
    }

    Optional<String> outDir() {
        return tsconfig().map(t -> t.path("compilerOptions").path("outDir").asText(""))
                .filter(d -> !d.isBlank()).map(d -> d.replaceAll("^\\./", "").replaceAll("/$", ""));
    }

    private Optional<JsonNode> tsconfig() {
        // Nest and others build with a tsconfig.build.json that extends the main one.
        Optional<JsonNode> build = json(prefix() + "tsconfig.build.json");
        Optional<JsonNode> main = json(prefix() + "tsconfig.json");
        if (build.isPresent() && build.get().path("compilerOptions").has("outDir")) {
            return build;
        }
        return main.or(() -> build);
    }

    private Optional<JsonNode> json(String path) {
        return json(files, path);
    }

    /** A JSON file as tools such as tsc and Nx read them: comments, trailing commas and single quotes allowed. */
    private static Optional<JsonNode> json(ProjectFiles files, String path) {
        return files.text(path).flatMap(text -> {
            try {
                return Optional.ofNullable(LENIENT_JSON.readTree(text));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Flags a start command whose program the final image will not have: the development dependencies
     * are pruned after the build, so a program that only they provide ends in "not found" (exit 127).
     */
    void checkProgramInImage(String command, String scriptName) {
        if (command == null) {
            return;
        }
        for (String segment : command.split("&&|\\|\\||;|\\|")) {
            List<String> words = new ArrayList<>(Arrays.asList(segment.strip().split("\\s+")));
            while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                words.remove(0);
            }
            if (words.isEmpty() || words.get(0).isEmpty()) {
                continue;
            }
            String program = words.get(0);
            if (program.equals("npx") && words.size() > 1) {
                program = words.get(1);
            }
            if (SHELL_WORDS.contains(program) || program.contains("/")) {
                continue;
            }
            String needed = PACKAGE_OF_BINARY.getOrDefault(program, program);
            boolean production = pkg.path("dependencies").has(needed) || rootPkg.path("dependencies").has(needed);
            boolean development = pkg.path("devDependencies").has(needed) || rootPkg.path("devDependencies").has(needed);
            if (!production && development) {
                out.add(new Finding("start-program-not-in-image", Severity.ERROR, prefix() + "package.json", null,
                        "The start command runs `" + program + "`, which comes from " + needed + ", a development "
                                + "dependency: the final image leaves those out, so the container would stop with "
                                + "\"" + program + ": not found\" (exit code 127).",
                        "Move " + needed + " to \"dependencies\", or add a \"start:prod\" script that starts the built "
                                + "app with node" + (scriptName == null ? "" : " (Dockhand prefers it to " + scriptName + ")")
                                + "."));
                return;
            }
        }
    }

    private String prefix() {
        return NodeDetector.prefix(appDir);
    }

    /** An Nx project: its folder and what its build target writes. */
    record NxProject(String directory, String outputPath, String main, boolean tsc, String from) {

        /** The file node starts: bundlers write main.js at the output's top; tsc keeps the source path. */
        String compiledMain() {
            String base = main.substring(main.lastIndexOf('/') + 1).replaceAll("\\.[cm]?tsx?$", ".js");
            if (tsc) {
                String relative = main.startsWith(directory + "/") ? main.substring(directory.length() + 1) : base;
                return outputPath + "/" + relative.replaceAll("\\.[cm]?tsx?$", ".js");
            }
            return outputPath + "/" + base;
        }

        String describe() {
            return "its build target (" + from + ") writes " + compiledMain();
        }

        static Optional<NxProject> find(ProjectFiles files, String name) {
            for (String file : files.all()) {
                if (!file.endsWith("project.json")) {
                    continue;
                }
                String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
                Optional<JsonNode> json = json(files, file);
                if (json.isEmpty()) {
                    continue;
                }
                String projectName = json.get().path("name").asText(dir.substring(dir.lastIndexOf('/') + 1));
                if (!projectName.equals(name)) {
                    continue;
                }
                JsonNode build = json.get().path("targets").path("build");
                JsonNode options = build.path("options");
                if (options.hasNonNull("outputPath") && options.hasNonNull("main")) {
                    return Optional.of(new NxProject(dir, clean(options.get("outputPath").asText()),
                            clean(options.get("main").asText()), build.path("executor").asText("").endsWith(":tsc"),
                            file + " targets.build, " + build.path("executor").asText("an executor")));
                }
                // Nx 18+ infers the build target from webpack.config.js (NxAppWebpackPlugin options).
                String webpackFile = dir + "/webpack.config.js";
                Optional<String> webpack = files.text(webpackFile);
                if (webpack.isPresent()) {
                    String outputPath = null;
                    String main = null;
                    Matcher m = WEBPACK_OPTION.matcher(webpack.get());
                    while (m.find()) {
                        if (m.group(1).equals("outputPath")) {
                            outputPath = m.group(2);
                        } else {
                            main = m.group(2);
                        }
                    }
                    if (outputPath != null && main != null) {
                        return Optional.of(new NxProject(dir, ProjectFiles.normalize(dir + "/" + outputPath),
                                ProjectFiles.normalize(dir + "/" + main), false, webpackFile));
                    }
                }
                return Optional.empty();
            }
            return Optional.empty();
        }

        private static String clean(String path) {
            return path.replace("{workspaceRoot}/", "").replaceAll("^\\./", "").replaceAll("/$", "");
        }
    }
}
