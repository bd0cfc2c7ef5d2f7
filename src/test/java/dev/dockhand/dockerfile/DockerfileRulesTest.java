package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules every generated Dockerfile keeps, checked on every fixture that gets one. */
class DockerfileRulesTest {

    @TempDir
    Path temp;

    static Stream<String> fixtures() throws Exception {
        return GoldenDockerfileTest.fixturesWithAProposal();
    }

    private Generated generate(String fixture) throws Exception {
        Path project = Fixtures.copy(fixture, temp);
        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);
        return new Generated(analysis, new DockerfileGenerator().propose(analysis));
    }

    record Generated(ProjectAnalysis analysis, Proposal proposal) {
        List<String> instructions() {
            return proposal.dockerfile().replaceAll("\\\\\\n", " ").lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void baseImagesArePinnedNeverLatest(String fixture) throws Exception {
        for (String from : generate(fixture).instructions().stream().filter(l -> l.startsWith("FROM ")).toList()) {
            String image = from.split("\\s+")[1];
            assertThat(image).as(from).contains(":").doesNotEndWith(":latest");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void runsAsNonRootAndExposesThePort(String fixture) throws Exception {
        Generated g = generate(fixture);
        String dockerfile = g.proposal().dockerfile();
        assertThat(dockerfile).contains("EXPOSE " + g.analysis().port());
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        if (!g.analysis().stack().id().equals("static")) {
            assertThat(lastUser).as("final USER").isNotNull().isNotIn("root", "0", "0:0");
        } else {
            assertThat(dockerfile).contains("nginx-unprivileged"); // the base image runs as uid 101
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void startsInExecFormSoTheAppGetsSigterm(String fixture) throws Exception {
        Generated g = generate(fixture);
        List<String> starts = g.instructions().stream()
                .filter(l -> l.startsWith("CMD ") || l.startsWith("ENTRYPOINT ")).toList();
        if (g.analysis().stack().id().equals("static")) {
            assertThat(starts).isEmpty(); // nginx's own CMD, exec form
            return;
        }
        assertThat(starts).isNotEmpty().allSatisfy(s -> assertThat(s).matches("(CMD|ENTRYPOINT) \\[\".*\"\\]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void dependenciesInstallBeforeTheSourceIsCopied(String fixture) throws Exception {
        Generated g = generate(fixture);
        List<String> lines = g.instructions();
        int copyAll = lines.indexOf("COPY . .");
        int lockfileCopy = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("COPY ") && (l.contains("package.json") || l.contains("requirements.txt")
                    || l.contains("pyproject.toml") || l.contains("pom.xml") || l.contains("go.mod") || l.contains("build.gradle"))) {
                lockfileCopy = i;
                break;
            }
        }
        if (g.analysis().lockfile() != null && lines.contains("COPY . .")) {
            assertThat(lockfileCopy).isBetween(0, copyAll);
            assertThat(lines.get(lockfileCopy)).contains(g.analysis().lockfile().replaceAll(".*/", ""));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void buildsOnTheClassicBuilderToo(String fixture) throws Exception {
        String dockerfile = generate(fixture).proposal().dockerfile();
        assertThat(dockerfile).doesNotContain("--mount").doesNotContain("<<").doesNotContain("# syntax=");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void dockerignoreKeepsOutDependenciesSecretsAndItself(String fixture) throws Exception {
        List<String> ignored = generate(fixture).proposal().dockerignore().lines().toList();
        assertThat(ignored).contains(".git", ".env", ".env.*", "*.pem", "*.key", "*.log", "Dockerfile", ".dockerignore");
        if (fixture.startsWith("node") || fixture.startsWith("static-vite")) {
            assertThat(ignored).contains("node_modules");
        }
    }

    @Test
    void devDependenciesStayOutOfTheFinalImage() throws Exception {
        String typescript = generate("node-typescript").proposal().dockerfile();
        assertThat(typescript).contains("AS build").contains("RUN npm ci\n").contains("RUN npm prune --omit=dev")
                .contains("COPY --from=build /app ./");
        String plain = generate("node-npm").proposal().dockerfile();
        assertThat(plain).contains("npm ci --omit=dev");
    }

    @Test
    void nodeVersionFollowsTheProject() throws Exception {
        assertThat(generate("node-yarn").proposal().dockerfile()).contains("FROM node:18-bookworm-slim");
        assertThat(generate("node-typescript").proposal().dockerfile()).contains("FROM node:22-bookworm-slim");
        assertThat(generate("node-npm").proposal().dockerfile()).contains("FROM node:20-bookworm-slim");
    }

    @Test
    void packageManagersUseTheirLockfiles() throws Exception {
        assertThat(generate("node-pnpm").proposal().dockerfile())
                .contains("COPY package.json pnpm-lock.yaml ./")
                .contains("corepack enable && pnpm install --frozen-lockfile --prod");
        assertThat(generate("node-yarn").proposal().dockerfile())
                .contains("yarn install --frozen-lockfile --production");
        assertThat(generate("node-yarn-berry").proposal().dockerfile())
                .contains("COPY package.json yarn.lock .yarnrc.yml ./")
                .contains("yarn workspaces focus --all --production");
    }

    @Test
    void nextjsStartsWithItsLocalBinary() throws Exception {
        assertThat(generate("node-nextjs").proposal().dockerfile())
                .contains("CMD [\"node_modules/.bin/next\", \"start\"]");
    }

    @Test
    void monorepoCopiesEachWorkspaceManifestAndStartsInThePackage() throws Exception {
        String dockerfile = generate("node-workspaces").proposal().dockerfile();
        assertThat(dockerfile).contains("COPY packages/api/package.json ./packages/api/")
                .contains("COPY packages/worker/package.json ./packages/worker/")
                .contains("WORKDIR /app/packages/api")
                .contains("CMD [\"node\", \"src/index.js\"]");
    }

    @Test
    void nativeModulesGetBuildToolsInABuildStageOnly() throws Exception {
        String dockerfile = generate("node-express-issues").proposal().dockerfile();
        int finalStage = dockerfile.lastIndexOf("FROM ");
        assertThat(dockerfile.indexOf("apt-get install")).isBetween(0, finalStage);
        assertThat(dockerfile.substring(finalStage)).doesNotContain("apt-get");
    }

    @Test
    void noStartCommandMeansNoDockerfileAndSaysWhy() throws Exception {
        Path project = Fixtures.copy("node-no-start", temp);
        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);
        assertThatThrownBy(() -> new DockerfileGenerator().propose(analysis))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("no start command")
                .hasMessageContaining("\"start\"");
    }

    @Test
    void existingDockerfileStackIsUsedAsItIs() throws Exception {
        Path project = Fixtures.copy("existing-dockerfile", temp);
        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);
        assertThatThrownBy(() -> new DockerfileGenerator().propose(analysis))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("used as it is");
    }

    @Test
    void startScriptWithShellFeaturesRunsEveryStepAndExecsTheLast() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("package.json"), """
                {"name": "x", "scripts": {"start": "node migrate.js && node server.js"}}
                """);
        String dockerfile = new DockerfileGenerator().propose(new ProjectAnalyzer().analyze(project)).dockerfile();
        assertThat(dockerfile).contains("CMD [\"sh\", \"-c\", \"node migrate.js && exec node server.js\"]")
                .contains("ENV PORT=3000 \\\n    PATH=\"/app/node_modules/.bin:$PATH\"");
    }
}
