package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectLinks;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a Node.js project's dependencies are installed in an image, per package manager. */
final class NodeInstall {

    private static final Pattern PNPM_PIN = Pattern.compile("\"packageManager\"\\s*:\\s*\"pnpm@(\\d+)");

    private final ProjectAnalysis p;
    private final String manager;

    NodeInstall(ProjectAnalysis analysis) {
        this.p = analysis;
        this.manager = analysis.packageManager() == null ? "npm" : analysis.packageManager();
    }

    String manager() {
        return manager;
    }

    /** COPY lines for package.json, the lockfile and package manager config: what the install needs, nothing else. */
    void copyInstallFiles(DockerfileText d) {
        List<String> files = new ArrayList<>(List.of("package.json"));
        if (p.lockfile() != null) {
            files.add(p.lockfile());
        }
        for (String optional : List.of(".yarnrc.yml", "pnpm-workspace.yaml", ".pnpmfile.cjs")) {
            if (ProjectLinks.isProjectFile(p.root(), p.root().resolve(optional))) {
                files.add(optional);
            }
        }
        d.copy(files, "./");
        for (String yarnDir : List.of(".yarn/releases", ".yarn/plugins", ".yarn/patches")) {
            if (p.yarnBerry() && Files.isDirectory(p.root().resolve(yarnDir))) {
                d.line("COPY " + yarnDir + " ./" + yarnDir);
            }
        }
        for (String ws : p.workspaces()) {
            d.line("COPY " + ws + "/package.json ./" + ws + "/");
        }
        // Code generators that install scripts run (a "postinstall": "prisma generate") need their inputs.
        p.codeGeneration().stream().flatMap(g -> g.inputs().stream()).distinct()
                .forEach(input -> d.line("COPY " + input + " ./" + input));
    }

    /** The install command, all dependencies or production ones only, with the package manager enabled first. */
    String install(boolean productionOnly) {
        String command = switch (manager) {
            case "yarn" -> p.yarnBerry()
                    ? (productionOnly ? "yarn workspaces focus --all --production" : "yarn install --immutable")
                    : "yarn install --frozen-lockfile" + (productionOnly ? " --production" : "");
            case "pnpm" -> "pnpm install --frozen-lockfile" + (productionOnly ? " --prod" : "");
            case "bun" -> "bun install --frozen-lockfile" + (productionOnly ? " --production" : "");
            default -> (p.lockfile() != null ? "npm ci" : "npm install") + (productionOnly ? " --omit=dev" : "");
        };
        return enableManager() + command;
    }

    /** True for a pnpm workspace package: {@code pnpm deploy} makes it a folder of its own. */
    boolean deploysWorkspacePackage() {
        return manager.equals("pnpm") && !p.appDirectory().isEmpty();
    }

    /**
     * {@code pnpm deploy} of the app's package into {@code target}, then the package's own files (with
     * what the build wrote, which deploy's packing may leave out when it is git-ignored) on top.
     * pnpm 10 deploys from a shared lockfile only with --legacy (or inject-workspace-packages).
     */
    String deployWorkspacePackage(String target) {
        String version = pnpmMajor() >= 10 ? " --legacy" : "";
        return "pnpm --filter ./" + p.appDirectory() + " --prod deploy" + version + " " + target + " \\\n"
                + "    && rm -rf " + p.appDirectory() + "/node_modules && cp -a " + p.appDirectory() + "/. " + target + "/";
    }

    private int pnpmMajor() {
        try {
            String text = ProjectLinks.readString(p.root(), p.root().resolve("package.json"));
            Matcher m = PNPM_PIN.matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : 10; // corepack's pnpm without a pin is the newest
        } catch (java.io.IOException | NumberFormatException e) {
            return 10;
        }
    }

    /** Removes dev dependencies after a build. */
    String prune() {
        return switch (manager) {
            case "yarn" -> p.yarnBerry() ? "yarn workspaces focus --all --production"
                    : "yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline";
            case "pnpm" -> "pnpm prune --prod";
            case "bun" -> "rm -rf node_modules && bun install --frozen-lockfile --production";
            default -> "npm prune --omit=dev";
        };
    }

    String cleanCache() {
        return switch (manager) {
            case "npm" -> " && npm cache clean --force";
            case "yarn" -> p.yarnBerry() ? "" : " && yarn cache clean";
            default -> "";
        };
    }

    private String enableManager() {
        boolean corepack = manager.equals("pnpm") || (manager.equals("yarn") && p.yarnBerry());
        if (!corepack) {
            return "";
        }
        // Node 25 and later no longer bundle corepack.
        return (nodeMajor(p) <= 24 ? "" : "npm install -g corepack && ") + "corepack enable && ";
    }

    static int nodeMajor(ProjectAnalysis p) {
        try {
            return Integer.parseInt(p.runtimeVersion());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
