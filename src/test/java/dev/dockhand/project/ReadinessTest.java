package dev.dockhand.project;

import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    @TempDir
    Path temp;

    private final ProjectAnalyzer analyzer = new ProjectAnalyzer();

    @Test
    void secretsInTheFolderAreFoundWithoutRepeatingThem() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve(".env"), "DATABASE_URL=postgres://app:hunter2@localhost/app\n");
        Files.writeString(project.resolve(".env.example"), "DATABASE_URL=\n");
        Files.writeString(project.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.writeString(project.resolve(".npmrc"), "//registry.npmjs.org/:_authToken=npm_abc123\n");

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.findings()).filteredOn(f -> f.id().equals("secret-in-context"))
                .extracting(Finding::file).containsExactlyInAnyOrder(".env", "server.key", ".npmrc");
        assertThat(analysis.findings()).filteredOn(f -> f.id().equals("localhost-database-url"))
                .extracting(Finding::file).containsExactly(".env");
        assertThat(analysis.findings()).allSatisfy(f -> {
            assertThat(f.message()).doesNotContain("hunter2").doesNotContain("npm_abc123");
            assertThat(f.fix()).doesNotContain("hunter2");
        });
    }

    @Test
    void secretIsAnErrorWhenTheUsersOwnDockerfileWouldCopyIt() throws Exception {
        Path project = Fixtures.copy("existing-dockerfile", temp);
        Files.writeString(project.resolve(".env"), "TOKEN=x\n");

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.findings()).filteredOn(f -> f.id().equals("secret-in-context"))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void anEnvFileCommittedToGitWithValuesIsAnErrorThatSaysSo() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve(".env"), "# local\nSTRIPE_KEY=sk_test_abc123\nexport PORT=3000\nEMPTY=\n");
        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/.env.production"), "API_TOKEN=tok_998877\n");
        git(project, "init", "-q");
        git(project, "add", "package.json");
        git(project, "commit", "-q", "-m", "app");
        // Not yet in git: a risk to review (the generated .dockerignore keeps it out of the image).
        assertThat(secretFinding(project, ".env").severity()).isEqualTo(Severity.WARNING);

        git(project, "add", ".env", "config/.env.production");
        git(project, "commit", "-q", "-m", "settings");
        Finding env = secretFinding(project, ".env");
        assertThat(env.severity()).isEqualTo(Severity.ERROR);
        assertThat(env.message()).isEqualTo("Environment file .env is committed to git with 2 values: everyone who can read the "
                + "repository has them, and its history keeps them.");
        assertThat(env.fix()).contains("git rm --cached .env").contains("change the secrets").doesNotContain("sk_test_abc123");
        assertThat(secretFinding(project, "config/.env.production").severity()).isEqualTo(Severity.ERROR);

        // A committed file that sets nothing (only names) holds no secret.
        Files.writeString(project.resolve(".env"), "STRIPE_KEY=\n");
        assertThat(secretFinding(project, ".env").severity()).isEqualTo(Severity.WARNING);
    }

    private Finding secretFinding(Path project, String file) throws Exception {
        return analyzer.analyze(project).findings().stream().filter(f -> f.id().equals("secret-in-context") && f.file().equals(file))
                .findFirst().orElseThrow();
    }

    private static void git(Path folder, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-c", "user.name=Test", "-c",
                "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void ignoredTreesAreNotWalked() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        int before = analyzer.analyze(project).filesVisited();
        for (String tree : new String[] {"node_modules/express/lib", ".git/objects/ab", "dist/assets", "coverage/lcov"}) {
            Path dir = Files.createDirectories(project.resolve(tree));
            for (int i = 0; i < 500; i++) {
                Files.writeString(dir.resolve("f" + i + ".js"), "fs.writeFileSync('x', 'y'); app.listen(1, '127.0.0.1')");
            }
        }

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.filesVisited()).isEqualTo(before);
        assertThat(analysis.findings()).noneMatch(f -> f.id().equals("loopback-bind"));
    }

    @Test
    void flaskDevServerWithoutHostListensOnLoopback() throws Exception {
        Files.writeString(temp.resolve("requirements.txt"), "flask\n");
        Files.writeString(temp.resolve("app.py"), """
                from flask import Flask
                app = Flask(__name__)

                @app.route("/health")
                def health():
                    return "ok"

                if __name__ == "__main__":
                    app.run(port=5000)
                """);

        ProjectAnalysis analysis = analyzer.analyze(temp);

        assertThat(analysis.startCommand()).isEqualTo("python app.py");
        assertThat(analysis.port()).isEqualTo(5000);
        assertThat(analysis.findings()).extracting(Finding::id)
                .contains("loopback-bind", "dev-server", "no-sigterm-handler");
    }

    @Test
    void expressSessionWithAStoreIsFine() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("session.js"), """
                const session = require('express-session');
                const RedisStore = require('connect-redis').default;
                app.use(session({
                  store: new RedisStore({ client }),
                  secret: process.env.SESSION_SECRET,
                }));
                """);

        assertThat(analyzer.analyze(project).hasFinding("in-memory-session")).isFalse();
    }

    @Test
    void writesToTempFoldersAreScratchData() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("cache.js"), "fs.writeFileSync(path.join(os.tmpdir(), 'x'), data);\n");

        assertThat(analyzer.analyze(project).hasFinding("local-disk-write")).isFalse();
    }

    @Test
    void goWithoutSignalHandlingAndLoopbackBind() throws Exception {
        Files.writeString(temp.resolve("go.mod"), "module example.com/x\n\ngo 1.22.4\n");
        Files.writeString(temp.resolve("main.go"), """
                package main

                import "net/http"

                func main() {
                	http.ListenAndServe("127.0.0.1:9000", nil)
                }
                """);

        ProjectAnalysis analysis = analyzer.analyze(temp);

        assertThat(analysis.runtimeVersion()).isEqualTo("1.22");
        assertThat(analysis.findings()).extracting(Finding::id)
                .contains("loopback-bind", "no-sigterm-handler", "no-health-route");
    }

    @Test
    void workspacePackageCanBeChosen() throws Exception {
        Path project = Fixtures.copy("node-workspaces", temp);

        ProjectAnalysis worker = analyzer.analyze(project, "packages/worker");

        assertThat(worker.appDirectory()).isEqualTo("packages/worker");
        assertThat(worker.startCommand()).isEqualTo("node worker.js");
        assertThat(worker.runtimeVersion()).isEqualTo("20");
    }

    @Test
    void unknownWorkspacePackageListsTheChoices() {
        Path project = Fixtures.copy("node-workspaces", temp);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analyzer.analyze(project, "packages/nope"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("packages/api, packages/shared, packages/worker");
    }
}
