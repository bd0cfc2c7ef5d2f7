package dev.dockhand.project;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Go modules: version from go.mod, the main package, port and health route. */
final class GoDetector {

    private static final Pattern GO_DIRECTIVE = Pattern.compile("(?m)^go\\s+(\\S+)");
    private static final Pattern TOOLCHAIN = Pattern.compile("(?m)^toolchain\\s+(\\S+)");
    private static final Pattern PACKAGE_MAIN = Pattern.compile("(?m)^package\\s+main\\b");
    private static final Pattern PORT = Pattern.compile(
            "Getenv\\(\"PORT\"\\)[\\s\\S]{0,120}?\"(\\d{2,5})\"|(?:ListenAndServe|Addr:|\\.Run|\\.Start|\\.Listen)\\s*\\(?\\s*\":(\\d{2,5})\"");
    private static final Pattern HEALTH = Pattern.compile(
            "(?:HandleFunc|Handle|GET|Get|HEAD|Any|Group)\\s*\\(\\s*\"(?:GET )?(/(?:healthz|healthcheck|health|readyz|ready|livez|ping))\"");

    private final ProjectFiles files;
    private final ProjectAnalysis.Builder out;

    GoDetector(ProjectFiles files, ProjectAnalysis.Builder out) {
        this.files = files;
        this.out = out;
    }

    void detect() {
        out.stack = Stack.GO;
        out.buildTool = "go";
        out.lockfile = files.exists("go.sum") ? "go.sum" : null;
        String goMod = files.text("go.mod").orElse("");
        Optional<String> version = TextMatch.first("go.mod", goMod, TOOLCHAIN).flatMap(m -> RuntimeVersions.goMinor(m.group(1)))
                .or(() -> TextMatch.first("go.mod", goMod, GO_DIRECTIVE).flatMap(m -> RuntimeVersions.goMinor(m.group(1))));
        out.runtimeVersion = version.orElse(RuntimeVersions.GO_DEFAULT);
        out.versionSource = version.isPresent() ? "go.mod" : "current stable (go.mod names no version)";
        if (version.isPresent() && RuntimeVersions.goMinorNumber(version.get()) < RuntimeVersions.GO_OLDEST_BOOKWORM_MINOR) {
            // The go line is a minimum, and Go builds old modules unchanged with newer releases;
            // golang images on Debian bookworm start at 1.19.
            out.runtimeVersion = RuntimeVersions.GO_DEFAULT;
            out.versionSource = "go.mod says go " + version.get() + " (a minimum); there is no golang:" + version.get()
                    + "-bookworm image, so Go " + RuntimeVersions.GO_DEFAULT + " builds it";
        }

        List<String> sources = files.under("", Set.of(".go")).stream().filter(f -> !f.endsWith("_test.go")).toList();
        out.artifact = mainPackage(sources);
        out.buildCommand = "go build -o /out/app " + out.artifact;
        out.startCommand = "/app";
        if (out.artifact == null) {
            out.buildCommand = null;
            out.startCommand = null;
            out.add(new Finding("no-start-command", Severity.ERROR, "go.mod", null,
                    "No main package found: there is no program to build.",
                    "Add a main package (package main with func main) at the root or under cmd/<name>/."));
        }
        out.port = 8080;
        boolean portFound = false;
        boolean sigterm = false;
        for (String file : sources) {
            Optional<String> text = files.text(file);
            if (text.isEmpty()) {
                continue;
            }
            if (!portFound) {
                Optional<TextMatch> port = TextMatch.first(file, text.get(), PORT);
                if (port.isPresent()) {
                    out.port = Integer.parseInt(port.get().group(1) != null ? port.get().group(1) : port.get().group(2));
                    portFound = true;
                }
            }
            if (out.healthPath == null) {
                TextMatch.first(file, text.get(), HEALTH).ifPresent(m -> out.healthPath = m.group(1));
            }
            ReadinessRules.go(file, text.get(), out);
            sigterm |= ReadinessRules.goHandlesSigterm(text.get());
        }
        ReadinessRules.go("go.mod", goMod, out);
        if (out.healthPath == null) {
            out.add(ReadinessRules.noHealthRoute("/healthz"));
        }
        if (!sigterm) {
            out.add(ReadinessRules.noSigterm(out.artifact == null ? null : mainFile(sources),
                    "Catch SIGTERM with signal.NotifyContext and call server.Shutdown(ctx) so open requests finish."));
        }
    }

    private String mainPackage(List<String> sources) {
        String best = null;
        for (String file : sources) {
            boolean isMain = files.text(file).map(t -> PACKAGE_MAIN.matcher(t).find()).orElse(false);
            if (!isMain) {
                continue;
            }
            String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
            if (dir.isEmpty()) {
                return ".";
            }
            if (best == null || (dir.startsWith("cmd/") && !best.startsWith("./cmd/"))) {
                best = "./" + dir;
            }
        }
        return best;
    }

    private String mainFile(List<String> sources) {
        String dir = ".".equals(out.artifact) ? "" : out.artifact.substring(2) + "/";
        return sources.stream().filter(f -> f.startsWith(dir) && f.indexOf('/', dir.length()) < 0
                && files.text(f).map(t -> t.contains("func main()")).orElse(false)).findFirst().orElse(null);
    }
}
