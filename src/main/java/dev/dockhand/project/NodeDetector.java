package dev.dockhand.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Node.js projects in depth: package.json, version files, lockfiles, frameworks, monorepo workspaces. */
final class NodeDetector {

    static final Set<String> SOURCE_EXTENSIONS = Set.of(".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx");

    /** Dependencies whose install compiles native code, so the build stage needs python3, make and g++. */
    private static final Set<String> NATIVE_PACKAGES = Set.of(
            "bcrypt", "better-sqlite3", "sqlite3", "canvas", "argon2", "node-sass", "re2", "cpu-features",
            "bufferutil", "utf-8-validate", "zeromq", "libxmljs", "libxmljs2", "leveldown", "node-pty",
            "serialport", "usb", "grpc", "isolated-vm", "microtime", "farmhash", "node-expat");

    /** Server frameworks, most specific first (NestJS runs on Express, so it is checked before it). */
    private static final Map<String, String> SERVER_FRAMEWORKS = new java.util.LinkedHashMap<>();
    static {
        SERVER_FRAMEWORKS.put("@nestjs/core", "nestjs");
        SERVER_FRAMEWORKS.put("next", "nextjs");
        SERVER_FRAMEWORKS.put("nuxt", "nuxt");
        SERVER_FRAMEWORKS.put("@remix-run/serve", "remix");
        SERVER_FRAMEWORKS.put("fastify", "fastify");
        SERVER_FRAMEWORKS.put("koa", "koa");
        SERVER_FRAMEWORKS.put("@hapi/hapi", "hapi");
        SERVER_FRAMEWORKS.put("hapi", "hapi");
        SERVER_FRAMEWORKS.put("express", "express");
    }

    /** Front-end tool chains that build a static site, with the folder their build writes. */
    private static final Map<String, String> STATIC_BUILDERS = Map.of(
            "vite", "dist", "react-scripts", "build", "@vue/cli-service", "dist", "astro", "dist",
            "gatsby", "public", "parcel", "dist", "@angular/core", "dist");

    private static final Set<String> DEV_ONLY_RUNNERS = Set.of("nodemon", "ts-node", "ts-node-dev", "tsx", "vite");

    private static final Pattern PORT_FROM_ENV = Pattern.compile(
            "process\\.env\\.PORT\\s*(?:\\|\\||\\?\\?|\\?[^:\\n]{1,60}:)\\s*['\"]?(\\d{2,5})");
    private static final Pattern PORT_IN_LISTEN = Pattern.compile("\\.listen\\s*\\(\\s*(?:\\{\\s*port\\s*:\\s*)?(\\d{2,5})\\b");
    private static final Pattern PORT_CONSTANT = Pattern.compile("\\b(?:const|let|var)\\s+(?:PORT|port)\\s*(?::\\s*\\w+\\s*)?=\\s*(\\d{2,5})\\b");
    private static final Pattern PORT_OPTION = Pattern.compile("\\bport\\s*:\\s*(\\d{2,5})\\b");
    private static final Pattern HEALTH_ROUTE = Pattern.compile(
            "\\.(?:get|all|head|route)\\s*\\(\\s*['\"`](/(?:healthz|healthcheck|health|readyz|ready|livez|ping|status))['\"`]"
                    + "|\\bpath\\s*:\\s*['\"`](/(?:healthz|healthcheck|health|readyz|ready|livez|ping))['\"`]"
                    + "|@(?:Get|Controller)\\s*\\(\\s*['\"`]/?(healthz|healthcheck|health|readyz|ready|livez|ping)['\"`]");
    /** A bare string that is a health path, e.g. {@code req.url === '/health'} in a plain http server. */
    private static final Pattern HEALTH_LITERAL = Pattern.compile(
            "(?:===?|case)\\s*['\"`](/(?:healthz|healthcheck|health|readyz|ready|livez|ping))['\"`]");
    private static final Pattern NEXT_HEALTH_FILE = Pattern.compile(
            "^(?:src/)?(?:pages/api/(healthz|healthcheck|health)\\.[jt]sx?|app/api/(healthz|healthcheck|health)/route\\.[jt]sx?)$");
    /** SvelteKit's file routes: src/routes/health/+server.js answers /health. */
    private static final Pattern SVELTEKIT_HEALTH_FILE = Pattern.compile(
            "^src/routes/((?:api/)?(?:healthz|healthcheck|health|ping))/\\+server\\.[jt]s$");

    private static final Pattern PRISMA_ENV = Pattern.compile("\\benv\\(\\s*['\"](\\w+)['\"]\\s*\\)");
    private static final Pattern PRISMA_PROVIDER = Pattern.compile("(?s)datasource\\s+\\w+\\s*\\{[^}]*provider\\s*=\\s*\"(\\w+)\"");
    private static final Pattern ENV_SCHEMA_KEY = Pattern.compile("^\\s*(?:['\"])?([A-Z][A-Z0-9_]+)(?:['\"])?\\s*:\\s*z\\.", Pattern.MULTILINE);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final ObjectMapper STRICT_JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final ProjectFiles files;
    private final ProjectAnalysis.Builder out;

    NodeDetector(ProjectFiles files, ProjectAnalysis.Builder out) {
        this.files = files;
        this.out = out;
    }

    /** Reads package.json strictly; a syntax error names file, line and column. */
    static JsonNode readPackageJson(ProjectFiles files, String path) throws AnalysisException {
        long size = sizeOf(files.root().resolve(path));
        if (size > ProjectFiles.MAX_TEXT_BYTES) {
            // In the limit's own unit: "0 MB, more than 512 KB" reads as a contradiction.
            throw new AnalysisException(path + " is " + (size + 1023) / 1024 + " KB, more than Dockhand analyses ("
                    + ProjectFiles.MAX_TEXT_BYTES / 1024 + " KB): a package.json that large is usually generated. "
                    + "Check that this is the app's own package.json, or write a Dockerfile and use it as it is.");
        }
        String text = files.text(path).orElseThrow(() -> new AnalysisException(
                path + " cannot be read as UTF-8 text. Check the file's encoding and permissions."));
        try {
            JsonNode node = STRICT_JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new AnalysisException(path + " does not hold a JSON object. Run `npm init -y` to create a "
                        + "valid package.json, or fix the file.");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw new AnalysisException(path + " is not valid JSON" + where + ": " + reason
                    + ". Fix the file (npm and node cannot read it either) and analyse again.");
        }
    }

    private static long sizeOf(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return 0; // unreadable: the read below says so
        }
    }

    /** True when package.json describes something to run or build (not only tooling for another stack). */
    static boolean describesApp(JsonNode pkg) {
        JsonNode scripts = pkg.path("scripts");
        return scripts.has("start") || scripts.has("build") || pkg.has("main") || pkg.has("workspaces")
                || SERVER_FRAMEWORKS.keySet().stream().anyMatch(d -> pkg.path("dependencies").has(d));
    }

    void detect(JsonNode rootPkg, String requestedPackage) throws AnalysisException {
        List<String> workspaces = workspaces(rootPkg);
        out.workspaces = workspaces;
        String appDir = chooseWorkspace(workspaces, requestedPackage);
        out.appDirectory = appDir;
        String pkgPath = appDir.isEmpty() ? "package.json" : appDir + "/package.json";
        JsonNode pkg = appDir.isEmpty() ? rootPkg : readPackageJson(files, pkgPath);

        Set<String> deps = names(pkg.path("dependencies"));
        Set<String> allDeps = new LinkedHashSet<>(deps);
        allDeps.addAll(names(pkg.path("devDependencies")));
        allDeps.addAll(names(rootPkg.path("devDependencies")));
        JsonNode scripts = pkg.path("scripts");

        out.framework = SERVER_FRAMEWORKS.entrySet().stream()
                .filter(e -> deps.contains(e.getKey()) || allDeps.contains(e.getKey()) && e.getKey().equals("next"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        packageManager(rootPkg, pkg);
        version(rootPkg, pkg, appDir);
        out.nativeModules = allDeps.stream().anyMatch(NATIVE_PACKAGES::contains) || files.exists(prefix(appDir) + "binding.gyp");

        refuseMobileApp(allDeps, pkgPath);
        Ssr ssr = Ssr.detect(files, appDir, allDeps);
        if (out.framework == null && ssr != null) {
            out.framework = ssr.name();
        }
        String staticOutput = STATIC_BUILDERS.entrySet().stream()
                .filter(e -> allDeps.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
        String startName = NodeStart.startScriptName(scripts);
        String start = startName == null ? null : scripts.get(startName).asText().strip();
        boolean serverStart = start != null && (start.startsWith("node ") || start.contains(" node "));
        if (out.framework == null && staticOutput != null && scripts.has("build") && !serverStart) {
            out.stack = Stack.STATIC;
            out.buildCommand = runScript("build");
            out.buildOutput = staticOutput;
            out.port = StaticDetector.PORT;
            out.healthPath = "/";
            out.startCommand = StaticDetector.START_COMMAND;
            return;
        }

        out.stack = Stack.NODE;
        boolean typescript = files.exists(prefix(appDir) + "tsconfig.json") || allDeps.contains("typescript");
        if (scripts.has("build")) {
            out.buildCommand = runScript("build");
        } else if (typescript && files.exists(prefix(appDir) + "tsconfig.json")) {
            out.buildCommand = "npx tsc";
        }
        if (out.buildCommand != null) {
            out.buildOutput = "nextjs".equals(out.framework) ? ".next" : typescriptOutDir(appDir).orElse("dist");
        }
        out.startCommand = startCommand(rootPkg, pkg, scripts, appDir, ssr);
        List<String> sources = files.under(appDir, SOURCE_EXTENSIONS).stream()
                .filter(f -> !isTestFile(f)).toList();
        port(sources);
        if (ssr != null) {
            out.port = 3000; // these servers read PORT, which the image sets; vite's dev port is no guide
        }
        health(sources, appDir, allDeps.contains("@fastify/autoload"));
        hostVariable(sources);
        prisma(allDeps, pkg, appDir);
        environmentValidation(allDeps, sources, appDir);
        turboBuild(rootPkg, pkg);
        readiness(sources, pkgPath, pkg);
    }

    private void hostVariable(List<String> sources) {
        for (String file : sources) {
            Optional<TextMatch> m = files.text(file).flatMap(t -> ReadinessRules.hostFromEnvironment(file, t, false));
            if (m.isPresent()) {
                out.hostVariable = m.get().group(1) != null ? m.get().group(1) : m.get().group(2);
                out.add(ReadinessRules.hostFromEnvironmentSet(m.get(), out.hostVariable));
                return;
            }
        }
    }


    /**
     * Prisma writes its client from the schema ({@code prisma generate}): without that step the app
     * fails at its first query. The variables the schema and prisma.config read are required configuration.
     */
    private void prisma(Set<String> allDeps, JsonNode pkg, String appDir) {
        String prefix = prefix(appDir);
        List<String> schemas = files.all().stream().filter(f -> f.startsWith(prefix) && f.endsWith(".prisma")).toList();
        String declared = pkg.path("prisma").path("schema").asText("").replaceAll("^\\./", "");
        if (schemas.isEmpty() || !(allDeps.contains("prisma") || allDeps.contains("@prisma/client") || pkg.has("prisma")
                || !declared.isEmpty())) {
            return;
        }
        String schema = !declared.isEmpty() && files.exists(prefix + declared) ? prefix + declared
                : schemas.stream().filter(f -> f.endsWith("prisma/schema.prisma")).findFirst().orElse(schemas.get(0));
        String config = java.util.stream.Stream.of("prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs")
                .map(c -> prefix + c).filter(files::exists).findFirst().orElse(null);
        List<String> inputs = new ArrayList<>();
        inputs.add(schema.contains("/") ? schema.substring(0, schema.lastIndexOf('/')) : schema);
        if (config != null) {
            inputs.add(config);
        }
        boolean defaultPlace = schema.equals(prefix + "prisma/schema.prisma") || config != null;
        out.codeGeneration.add(new CodeGeneration("npx prisma generate"
                + (defaultPlace ? "" : " --schema " + schema.substring(prefix.length())), inputs));
        String provider = files.text(schema).flatMap(t -> TextMatch.first(schema, t, PRISMA_PROVIDER)).map(m -> m.group(1))
                .orElse("postgresql");
        for (String file : config == null ? schemas : java.util.stream.Stream.concat(schemas.stream(), java.util.stream.Stream.of(config)).toList()) {
            String text = files.text(file).orElse("");
            for (TextMatch m : TextMatch.all(file, text, PRISMA_ENV)) {
                String name = m.group(1);
                out.add(new Finding("required-configuration", Severity.WARNING, file, m.line(),
                        name + " is read by Prisma and has no default: the app cannot reach its database without it.",
                        "Give the service " + name + " in its configuration (on AWS a Secrets Manager secret, never a "
                                + "value in the image)."));
                if (file.equals(config)) {
                    // prisma.config's env() fails when the variable is unset, even for `prisma generate`,
                    // which never connects: the build gets a placeholder that cannot reach anything.
                    out.buildEnvironment.put(name, placeholderUrl(provider));
                }
            }
        }
    }

    private static String placeholderUrl(String provider) {
        return switch (provider) {
            case "mysql" -> "mysql://build:build@localhost:3306/build-placeholder";
            case "sqlite" -> "file:./build-placeholder.db";
            case "mongodb" -> "mongodb://localhost:27017/build-placeholder";
            case "sqlserver" -> "sqlserver://localhost:1433;database=build-placeholder";
            default -> "postgresql://build:build@localhost:5432/build-placeholder";
        };
    }


    /**
     * Next.js apps that validate their environment while building (@t3-oss/env, zod on process.env) stop the
     * build when variables are missing. Dockhand builds with the documented switch, SKIP_ENV_VALIDATION, and
     * names the variables: the running task needs them.
     */
    private void environmentValidation(Set<String> allDeps, List<String> sources, String appDir) {
        if (!allDeps.contains("@t3-oss/env-nextjs") && !allDeps.contains("@t3-oss/env-core")) {
            return;
        }
        List<String> candidates = new ArrayList<>(sources);
        files.all().stream().filter(f -> f.startsWith(prefix(appDir)) && f.matches(".*env\\.(?:m?js|ts)$") && !candidates.contains(f))
                .forEach(candidates::add);
        for (String file : candidates) {
            Optional<String> text = files.text(file);
            if (text.isEmpty() || !text.get().contains("createEnv(")) {
                continue;
            }
            List<String> names = TextMatch.all(file, text.get(), ENV_SCHEMA_KEY).stream().map(m -> m.group(1)).distinct().toList();
            out.buildEnvironment.put("SKIP_ENV_VALIDATION", "1");
            out.add(new Finding("build-time-env-validation", Severity.WARNING, file, TextMatch.lineContaining(text.get(), "createEnv("),
                    "The build validates the environment (createEnv)" + (names.isEmpty() ? "" : " and needs "
                            + String.join(", ", names)) + ": Dockhand builds with SKIP_ENV_VALIDATION=1, so no value "
                            + "enters the image.",
                    "Give the running service these variables in its configuration; variables the browser reads "
                            + "(NEXT_PUBLIC_*) are fixed at build time: pass them as build arguments."));
            return;
        }
    }

    /** Turborepo builds the app and the workspace packages it depends on, in order, with one command. */
    private void turboBuild(JsonNode rootPkg, JsonNode pkg) {
        if (out.appDirectory.isEmpty() || !files.exists("turbo.json") || !pkg.path("scripts").has("build")) {
            return;
        }
        String name = pkg.path("name").asText("");
        if (!name.isEmpty() && (rootPkg.path("devDependencies").has("turbo") || rootPkg.path("dependencies").has("turbo"))) {
            // Turborepo 2 passes tasks only the variables turbo.json declares: the build-only switches
            // (SKIP_ENV_VALIDATION ...) would not reach the app's build without loose mode.
            out.buildCommand = "npx turbo run build --filter=" + name + "..."
                    + (out.buildEnvironment.isEmpty() ? "" : " --env-mode=loose");
        }
    }

    private void packageManager(JsonNode rootPkg, JsonNode pkg) {
        String declared = text(rootPkg, "packageManager").or(() -> text(pkg, "packageManager")).orElse("");
        String fromField = declared.contains("@") ? declared.substring(0, declared.indexOf('@')) : null;
        String fromLock = null;
        if (files.exists("pnpm-lock.yaml")) {
            fromLock = "pnpm";
        } else if (files.exists("yarn.lock")) {
            fromLock = "yarn";
        } else if (files.exists("bun.lockb") || files.exists("bun.lock")) {
            fromLock = "bun";
        } else if (files.exists("package-lock.json") || files.exists("npm-shrinkwrap.json")) {
            fromLock = "npm";
        }
        String manager = fromField != null && Set.of("npm", "yarn", "pnpm", "bun").contains(fromField)
                ? fromField : fromLock == null ? "npm" : fromLock;
        out.packageManager = manager;
        out.lockfile = switch (manager) {
            case "pnpm" -> existing("pnpm-lock.yaml");
            case "yarn" -> existing("yarn.lock");
            case "bun" -> files.exists("bun.lock") ? "bun.lock" : existing("bun.lockb");
            default -> files.exists("package-lock.json") ? "package-lock.json" : existing("npm-shrinkwrap.json");
        };
        out.yarnBerry = manager.equals("yarn") && (files.exists(".yarnrc.yml")
                || declared.matches("yarn@[2-9].*")
                || files.text("yarn.lock").map(t -> t.contains("__metadata:")).orElse(false));
        if (out.lockfile == null) {
            out.add(new Finding("no-lockfile", Severity.WARNING, "package.json", null,
                    "No lockfile for " + manager + ": each build may install different dependency versions.",
                    "Run `" + manager + " install` once and commit the lockfile it writes."));
        }
    }

    private String existing(String path) {
        return files.exists(path) ? path : null;
    }

    private void version(JsonNode rootPkg, JsonNode pkg, String appDir) {
        for (String dir : appDir.isEmpty() ? List.of("") : List.of(appDir, "")) {
            for (String file : List.of(".nvmrc", ".node-version")) {
                Optional<Integer> major = files.text(prefix(dir) + file).flatMap(RuntimeVersions::nodeMajorFromVersionFile);
                if (major.isPresent()) {
                    setVersion(String.valueOf(major.get()), prefix(dir) + file);
                    return;
                }
            }
        }
        for (JsonNode p : List.of(pkg, rootPkg)) {
            Optional<Integer> volta = text(p.path("volta"), "node").flatMap(RuntimeVersions::nodeMajorFromVersionFile);
            if (volta.isPresent()) {
                setVersion(String.valueOf(volta.get()), "package.json volta.node");
                return;
            }
            Optional<String> engines = text(p.path("engines"), "node");
            if (engines.isPresent()) {
                Optional<Integer> major = RuntimeVersions.nodeMajorFromRange(engines.get());
                if (major.isPresent()) {
                    setVersion(String.valueOf(major.get()), "package.json engines.node \"" + engines.get() + "\"");
                    return;
                }
                out.add(new Finding("unreadable-engines", Severity.INFO, "package.json", null,
                        "engines.node \"" + engines.get() + "\" is not a version range Dockhand can read; "
                                + "using Node " + RuntimeVersions.NODE_DEFAULT + ".",
                        "Write it like \">=20\" or \"20.x\", or add an .nvmrc file."));
            }
        }
        setVersion(String.valueOf(RuntimeVersions.NODE_DEFAULT), "current LTS, as the project pins no version");
    }

    private void setVersion(String version, String source) {
        out.runtimeVersion = version;
        out.versionSource = source;
    }

    private List<String> workspaces(JsonNode rootPkg) {
        List<String> patterns = new ArrayList<>();
        JsonNode ws = rootPkg.path("workspaces");
        JsonNode list = ws.isArray() ? ws : ws.path("packages");
        list.forEach(n -> patterns.add(n.asText()));
        files.text("pnpm-workspace.yaml").ifPresent(yaml -> {
            try {
                YAML.readTree(yaml).path("packages").forEach(n -> patterns.add(n.asText()));
            } catch (JsonProcessingException e) {
                out.add(new Finding("unreadable-workspace", Severity.WARNING, "pnpm-workspace.yaml", null,
                        "pnpm-workspace.yaml is not valid YAML, so its packages are not listed.",
                        "Fix the YAML syntax (pnpm cannot read it either)."));
            }
        });
        if (patterns.isEmpty()) {
            return List.of();
        }
        List<Pattern> globs = patterns.stream().filter(p -> !p.startsWith("!")).map(NodeDetector::glob).toList();
        return files.all().stream()
                .filter(f -> f.endsWith("/package.json"))
                .map(f -> f.substring(0, f.length() - "/package.json".length()))
                .filter(dir -> globs.stream().anyMatch(g -> g.matcher(dir).matches()))
                .sorted().toList();
    }

    private static Pattern glob(String pattern) {
        String p = pattern.replaceAll("^\\./", "").replaceAll("/$", "");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private String chooseWorkspace(List<String> workspaces, String requested) throws AnalysisException {
        if (requested != null && !requested.isBlank()) {
            String normalized = requested.replace('\\', '/').replaceAll("^\\./", "").replaceAll("/$", "");
            if (normalized.isEmpty() || normalized.equals(".")) {
                return "";
            }
            if (!workspaces.contains(normalized)) {
                throw new AnalysisException("No workspace package \"" + requested + "\" in this project. "
                        + (workspaces.isEmpty() ? "The project has no workspaces; analyse it without choosing a package."
                        : "Choose one of: " + String.join(", ", workspaces) + "."));
            }
            return normalized;
        }
        if (workspaces.isEmpty()) {
            return "";
        }
        List<String> runnable = new ArrayList<>();
        for (String ws : workspaces) {
            try {
                JsonNode pkg = readPackageJson(files, ws + "/package.json");
                if (pkg.path("scripts").has("start") || pkg.path("scripts").has("start:prod")) {
                    runnable.add(ws);
                }
            } catch (AnalysisException e) {
                out.add(new Finding("unreadable-package-json", Severity.WARNING, ws + "/package.json", null,
                        e.getMessage(), "Fix the file so the package can be deployed."));
            }
        }
        if (runnable.isEmpty()) {
            return "";
        }
        if (runnable.size() > 1) {
            out.add(new Finding("monorepo-package", Severity.INFO, null, null,
                    "This monorepo has several packages that can be deployed: " + String.join(", ", runnable)
                            + ". Using " + runnable.get(0) + ".",
                    "Choose the package to deploy (in the app, or with --package on the command line)."));
        }
        return runnable.get(0);
    }

    /** Expo and React Native apps run on phones: there is no server to put in a container. */
    private static void refuseMobileApp(Set<String> deps, String pkgPath) throws AnalysisException {
        for (String mobile : List.of("expo", "react-native")) {
            if (deps.contains(mobile)) {
                throw new AnalysisException(pkgPath + " describes a mobile app (" + mobile + "): it runs on phones, "
                        + "not as a server, so it cannot be deployed as a container service. If this project also has "
                        + "a server (an API package in the same monorepo), choose that package instead.");
            }
        }
    }

    /** A framework that renders pages on a Node server from its build output (not a static site). */
    record Ssr(String name, String start, String reason) {

        static Ssr detect(ProjectFiles files, String appDir, Set<String> deps) {
            String viteConfig = files.all().stream()
                    .filter(f -> f.matches(java.util.regex.Pattern.quote(prefix(appDir)) + "(?:vite|app)\\.config\\.[cm]?[jt]s"))
                    .findFirst().flatMap(files::text).orElse("");
            if (deps.contains("@tanstack/react-start") || deps.contains("@tanstack/solid-start") || deps.contains("@tanstack/start")) {
                return new Ssr("tanstack-start", "node .output/server/index.mjs", "Nitro writes .output/server/index.mjs");
            }
            if (deps.contains("nuxt")) {
                return new Ssr("nuxt", "node .output/server/index.mjs", "Nitro writes .output/server/index.mjs");
            }
            if (deps.contains("nitro") || deps.contains("nitropack") || viteConfig.contains("nitro(")) {
                return new Ssr("nitro", "node .output/server/index.mjs", "Nitro writes .output/server/index.mjs");
            }
            if (deps.contains("@react-router/serve")) {
                return new Ssr("react-router", "react-router-serve ./build/server/index.js",
                        "React Router's server build is build/server/index.js");
            }
            if (deps.contains("@remix-run/serve")) {
                return new Ssr("remix", "remix-serve ./build/index.js", "Remix's server build is build/index.js");
            }
            if (deps.contains("@sveltejs/kit") && deps.contains("@sveltejs/adapter-node")) {
                return new Ssr("sveltekit", "node build", "adapter-node writes build/index.js");
            }
            if (deps.contains("astro") && deps.contains("@astrojs/node")) {
                return new Ssr("astro", "HOST=0.0.0.0 node ./dist/server/entry.mjs",
                        "the Node adapter writes dist/server/entry.mjs");
            }
            return null;
        }
    }

    private String startCommand(JsonNode rootPkg, JsonNode pkg, JsonNode scripts, String appDir, Ssr ssr) {
        NodeStart resolver = new NodeStart(files, out, rootPkg, pkg, appDir);
        String scriptName = NodeStart.startScriptName(scripts);
        Optional<NodeStart.Start> fromScripts = resolver.fromScripts();
        if (fromScripts.isPresent()) {
            String command = fromScripts.get().command();
            String first = command.split("\\s+")[0];
            if (DEV_ONLY_RUNNERS.contains(first) || command.matches("(?:vite|vinxi|nuxt|nuxi|astro|react-router|remix) dev\\b.*")) {
                out.add(new Finding("dev-start-command", Severity.WARNING, prefix(appDir) + "package.json", null,
                        "The start script runs " + first + ", a development tool that watches files or compiles "
                                + "at start-up, and Dockhand found no built file to start instead.",
                        "Build with `tsc` (or your bundler) and start with `node dist/index.js` in a "
                                + "\"start:prod\" script; Dockhand uses it when present."));
            }
            out.startReason = fromScripts.get().reason();
            resolver.checkProgramInImage(command, scriptName);
            return command;
        }
        if (scriptName != null) {
            return null; // the script could not be used; a finding says why
        }
        Optional<String> procfile = files.text(prefix(appDir) + "Procfile").flatMap(t -> t.lines()
                .filter(l -> l.startsWith("web:")).findFirst()).map(l -> l.substring(4).strip());
        if (procfile.isPresent()) {
            out.startReason = "Procfile web:";
            ReadinessRules.releaseSteps(prefix(appDir) + "Procfile", files.text(prefix(appDir) + "Procfile").orElse(""), out);
            return procfile.get(); // $PORT stays: the shell that runs it reads the image's PORT
        }
        if (ssr != null) {
            out.startReason = ssr.name() + "'s server build (" + ssr.reason() + ")";
            return ssr.start();
        }
        if ("nestjs".equals(out.framework)) {
            out.startReason = "NestJS's compiled entry (no start script)";
            return "node " + resolver.nestEntry();
        }
        Optional<String> main = text(pkg, "main");
        if (main.isPresent() && files.exists(prefix(appDir) + main.get().replaceAll("^\\./", ""))) {
            out.startReason = "package.json main";
            return "node " + main.get().replaceAll("^\\./", "");
        }
        // npm's own default for `npm start` is `node server.js`.
        for (String candidate : List.of("server.js", "index.js", "app.js", "src/index.js", "src/server.js")) {
            if (files.exists(prefix(appDir) + candidate)) {
                if (!candidate.equals("server.js")) {
                    out.add(new Finding("guessed-start-command", Severity.INFO, prefix(appDir) + "package.json", null,
                            "package.json has no start script; Dockhand will start the app with node " + candidate + ".",
                            "Add \"start\": \"node " + candidate + "\" to the scripts in package.json to make it explicit."));
                }
                return "node " + candidate;
            }
        }
        out.add(new Finding("no-start-command", Severity.ERROR, prefix(appDir) + "package.json", null,
                "package.json has no start script and no main file, so there is nothing to run in the container.",
                "Add a start script to package.json, e.g. \"scripts\": {\"start\": \"node server.js\"}."));
        return null;
    }

    private String runScript(String name) {
        return switch (out.packageManager) {
            case "yarn" -> "yarn " + name;
            case "pnpm" -> "pnpm run " + name;
            case "bun" -> "bun run " + name;
            default -> "npm run " + name;
        };
    }

    private Optional<String> typescriptOutDir(String appDir) {
        return files.text(prefix(appDir) + "tsconfig.json").flatMap(text -> {
            try {
                return text(JSON.readTree(text).path("compilerOptions"), "outDir")
                        .map(d -> d.replaceAll("^\\./", "").replaceAll("/$", ""));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    private void port(List<String> sources) {
        List<Pattern> patterns = List.of(PORT_FROM_ENV, PORT_IN_LISTEN, PORT_CONSTANT, PORT_OPTION);
        for (Pattern pattern : patterns) {
            for (String file : sources) {
                Optional<TextMatch> m = files.text(file).flatMap(t -> TextMatch.first(file, t, pattern));
                if (m.isPresent()) {
                    out.port = Integer.parseInt(m.get().group(1));
                    return;
                }
            }
        }
        out.port = 3000;
    }

    private void health(List<String> sources, String appDir, boolean fastifyAutoload) {
        String prefix = prefix(appDir);
        for (String file : files.all()) {
            if (file.startsWith(prefix)) {
                var m = NEXT_HEALTH_FILE.matcher(file.substring(prefix.length()));
                if (m.matches()) {
                    out.healthPath = "/api/" + (m.group(1) != null ? m.group(1) : m.group(2));
                    return;
                }
                var svelte = SVELTEKIT_HEALTH_FILE.matcher(file.substring(prefix.length()));
                if (svelte.matches()) {
                    out.healthPath = "/" + svelte.group(1);
                    return;
                }
            }
        }
        Optional<String> routed = HealthRoutes.node(files, sources, appDir, fastifyAutoload);
        if (routed.isPresent()) {
            out.healthPath = routed.get();
            return;
        }
        for (Pattern pattern : List.of(HEALTH_ROUTE, HEALTH_LITERAL)) {
            for (String file : sources) {
                Optional<TextMatch> m = files.text(file).flatMap(t -> TextMatch.first(file, t, pattern));
                if (m.isPresent()) {
                    String path = m.get().groups().stream().filter(java.util.Objects::nonNull).findFirst().orElse("health");
                    out.healthPath = path.startsWith("/") ? path : "/" + path;
                    return;
                }
            }
        }
        if (HealthRoutes.answersRoot(files, sources)) {
            out.healthPath = "/";
            out.add(HealthRoutes.rootAsHealthPath());
            return;
        }
        out.add(ReadinessRules.noHealthRoute("/health"));
    }

    private void readiness(List<String> sources, String pkgPath, JsonNode pkg) {
        // These servers drain open requests on SIGTERM themselves (Next.js, adapter-node, Nitro).
        boolean sigterm = out.framework != null
                && Set.of("nextjs", "sveltekit", "nuxt", "nitro", "tanstack-start").contains(out.framework);
        // Files the build script runs write the build's output, not the running app's data.
        String buildScript = pkg.path("scripts").path("build").asText("");
        for (String file : sources) {
            Optional<String> text = files.text(file);
            if (text.isEmpty()) {
                continue;
            }
            String relative = file.substring(prefix(out.appDirectory).length());
            if (!buildScript.isEmpty() && buildScript.matches(".*(?:^|\\s|\\./)" + Pattern.quote(relative) + "(?:\\s.*|$)")) {
                continue;
            }
            ReadinessRules.node(file, text.get(), out);
            sigterm |= ReadinessRules.nodeHandlesSigterm(text.get());
        }
        Set<String> deps = names(pkg.path("dependencies"));
        sigterm |= deps.contains("@godaddy/terminus") || deps.contains("http-terminator") || deps.contains("lightship");
        if (!sigterm && out.startCommand != null) {
            String entry = out.startCommand.startsWith("node ") ? out.startCommand.substring(5).strip() : null;
            out.add(ReadinessRules.noSigterm(entry != null && files.exists(prefix(out.appDirectory) + entry)
                            ? prefix(out.appDirectory) + entry : null,
                    "Add process.on('SIGTERM', () => server.close(() => process.exit(0))) so open requests "
                            + "finish before the task stops."));
        }
        files.text(pkgPath).ifPresent(text -> {
            for (String dep : deps) {
                if (ReadinessRules.NODE_LOCAL_DATABASE_PACKAGES.contains(dep)) {
                    out.add(ReadinessRules.localDatabase(pkgPath, TextMatch.lineContaining(text, "\"" + dep + "\""),
                            "Depends on " + dep + ", a database kept in local files."));
                }
            }
        });
        for (String config : files.all()) {
            if (config.matches("(?:.*/)?(?:config/.*\\.(?:json|ya?ml|js|ts)|\\.env(?:\\..*)?|docker-compose\\.ya?ml|ormconfig\\.(?:json|js|ts))")
                    && !sources.contains(config)) {
                files.text(config).ifPresent(t -> ReadinessRules.localhostUrls(config, t, out));
            }
        }
    }

    static boolean isTestFile(String path) {
        return path.matches("(?:.*/)?(?:test|tests|__tests__|spec|e2e|cypress)/.*")
                || path.matches(".*\\.(?:test|spec)\\.[cm]?[jt]sx?$");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip()) : Optional.empty();
    }

    static String prefix(String dir) {
        return dir.isEmpty() ? "" : dir + "/";
    }
}
