package dev.dockhand.project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shapes real projects come in, each written as the smallest folder that has it. */
class ProjectShapesTest {

    @TempDir
    Path dir;

    private ProjectAnalysis analyze() throws AnalysisException {
        return new ProjectAnalyzer().analyze(dir);
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void nestStartBecomesTheCompiledEntry() throws Exception {
        write("package.json", """
                {"scripts": {"build": "nest build", "start": "nest start"},
                 "dependencies": {"@nestjs/core": "11", "@nestjs/common": "11"}, "devDependencies": {"@nestjs/cli": "11"}}""");
        write("tsconfig.json", "{\"compilerOptions\": {\"outDir\": \"./build\"}}");
        write("src/main.ts", "await app.listen(process.env.PORT ?? 3000);");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("node build/main");
        assertThat(a.startReason()).contains("nest start");
        assertThat(a.hasFinding("start-program-not-in-image")).isFalse();
    }

    @Test
    void nextDevBecomesNextStart() throws Exception {
        write("package.json", """
                {"scripts": {"dev": "next dev", "build": "next build", "start": "next dev"}, "dependencies": {"next": "15", "react": "19"}}""");
        assertThat(analyze().startCommand()).isEqualTo("next start");
    }

    @Test
    void nxServeStartsWhatTheBuildTargetWrites() throws Exception {
        write("package.json", """
                {"name": "ws", "scripts": {"start": "nx serve api"}, "dependencies": {"express": "5"},
                 "devDependencies": {"nx": "21", "@nx/webpack": "21"}}""");
        write("nx.json", "{}");
        write("apps/api/project.json", """
                {"name": "api", "targets": {"build": {"executor": "@nx/webpack:webpack",
                  "options": {"outputPath": "dist/apps/api", "main": "apps/api/src/main.ts"}}}}""");
        write("apps/api/src/main.ts", "app.get('/health', h); app.listen(3333);");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("node dist/apps/api/main.js");
        assertThat(a.buildCommand()).isEqualTo("npx nx build api");
        assertThat(a.buildEnvironment()).containsEntry("NX_DAEMON", "false");
        assertThat(a.startReason()).contains("nx serve api").contains("apps/api/project.json");
    }

    @Test
    void nxInferredWebpackTargetIsRead() throws Exception {
        write("package.json", "{\"scripts\": {\"start\": \"nx run api:serve\"}, \"devDependencies\": {\"nx\": \"21\"}}");
        write("apps/api/project.json", "{\"name\": \"api\"}");
        write("apps/api/webpack.config.js", """
                module.exports = { plugins: [new NxAppWebpackPlugin({ target: 'node', outputPath: '../../dist/apps/api',
                  main: './src/main.ts', tsConfig: './tsconfig.app.json' })] };""");
        assertThat(analyze().startCommand()).isEqualTo("node dist/apps/api/main.js");
    }

    @Test
    void typescriptRunnersBecomeNodeOnTheCompiledFile() throws Exception {
        write("package.json", """
                {"scripts": {"build": "tsc", "start": "ts-node src/index.ts"}, "dependencies": {"express": "5"},
                 "devDependencies": {"ts-node": "10", "typescript": "5"}}""");
        write("tsconfig.json", "{\"compilerOptions\": {\"outDir\": \"dist\", \"rootDir\": \"src\"}}");
        write("src/index.ts", "app.listen(3000)");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("node dist/index.js");
        assertThat(a.hasFinding("dev-start-command")).isFalse();
    }

    @Test
    void aStartProgramFromDevDependenciesIsAnError() throws Exception {
        write("package.json", """
                {"scripts": {"start": "serve -s build"}, "dependencies": {"express": "5"}, "devDependencies": {"serve": "14"}}""");
        write("index.js", "app.listen(3000)");
        ProjectAnalysis a = analyze();
        assertThat(a.findings()).filteredOn(f -> f.id().equals("start-program-not-in-image")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("`serve`").contains("exit code 127"));
    }

    @Test
    void envWrappersAndPm2AreResolved() throws Exception {
        write("package.json", """
                {"scripts": {"start": "dotenv -e ../../.env -- pm2 start server.js"}, "dependencies": {"pm2": "6", "express": "5"},
                 "devDependencies": {"dotenv-cli": "8"}}""");
        write("server.js", "app.listen(3000)");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("pm2-runtime server.js");
        assertThat(a.hasFinding("start-program-not-in-image")).isFalse();
    }

    @Test
    void mobileAppsAreRefused() throws Exception {
        write("package.json", "{\"scripts\": {\"start\": \"expo start\"}, \"dependencies\": {\"expo\": \"53\", \"react-native\": \"0.79\"}}");
        assertThatThrownBy(this::analyze).isInstanceOf(AnalysisException.class).hasMessageContaining("mobile app");
    }

    @Test
    void tanstackStartIsAServerNotAStaticSite() throws Exception {
        write("package.json", """
                {"scripts": {"dev": "vite dev", "build": "vite build"},
                 "dependencies": {"@tanstack/react-start": "1", "react": "19"}, "devDependencies": {"vite": "7"}}""");
        write("vite.config.ts", "export default defineConfig({ server: { port: 5173 }, plugins: [tanstackStart(), nitro()] })");
        ProjectAnalysis a = analyze();
        assertThat(a.stack()).isEqualTo(Stack.NODE);
        assertThat(a.startCommand()).isEqualTo("node .output/server/index.mjs");
        assertThat(a.port()).isEqualTo(3000);
    }

    @Test
    void envValidationAtBuildTimeIsSwitchedOffForTheBuildOnly() throws Exception {
        write("package.json", """
                {"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15", "@t3-oss/env-nextjs": "0.13", "zod": "3"}}""");
        write("src/env.js", """
                export const env = createEnv({
                  server: {
                    DATABASE_URL: z.string().url(),
                    AUTH_SECRET: z.string(),
                  },
                  runtimeEnv: process.env,
                });""");
        ProjectAnalysis a = analyze();
        assertThat(a.buildEnvironment()).containsEntry("SKIP_ENV_VALIDATION", "1");
        assertThat(a.findings()).filteredOn(f -> f.id().equals("build-time-env-validation")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("DATABASE_URL, AUTH_SECRET"));
    }

    @Test
    void oldGoLinesBuildWithAReleaseThatHasAnImage() throws Exception {
        write("go.mod", "module example.com/app\n\ngo 1.17\n");
        write("main.go", "package main\nfunc main() { http.HandleFunc(\"/healthz\", h); http.ListenAndServe(\":8080\", nil) }\n");
        ProjectAnalysis a = analyze();
        assertThat(a.runtimeVersion()).isEqualTo(RuntimeVersions.GO_DEFAULT);
        assertThat(a.versionSource()).contains("go 1.17").contains("a minimum");
    }

    @Test
    void toolchainLineWins() throws Exception {
        write("go.mod", "module example.com/app\n\ngo 1.21\n\ntoolchain go1.22.5\n");
        write("main.go", "package main\nfunc main() {}\n");
        assertThat(analyze().runtimeVersion()).isEqualTo("1.22");
    }

    @Test
    void fastApiInAPackageWithARouterPrefix() throws Exception {
        write("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"fastapi[standard]>=0.115\"]\n");
        write("app/__init__.py", "");
        write("app/main.py", "from fastapi import FastAPI\nfrom .routers import health\napp = FastAPI()\n"
                + "app.include_router(health.router, prefix=\"/api\")\n");
        write("app/routers/health.py", "from fastapi import APIRouter\nrouter = APIRouter(prefix=\"/health\")\n"
                + "@router.get(\"/\")\ndef check():\n    return {\"ok\": True}\n");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("uvicorn app.main:app --host 0.0.0.0 --port 8000");
        assertThat(a.healthPath()).isEqualTo("/api/health");
    }

    @Test
    void procfileMigrationsAreFlaggedAndEveryStepRuns() throws Exception {
        write("requirements.txt", "flask\ngunicorn\nflask-migrate\n");
        write("Procfile", "web: flask db upgrade; flask translate compile; gunicorn app:app\n");
        write("app.py", "from flask import Flask\napp = Flask(__name__)\n");
        ProjectAnalysis a = analyze();
        assertThat(a.startCommand()).isEqualTo("flask db upgrade; flask translate compile; gunicorn app:app");
        assertThat(a.hasFinding("release-step-in-start")).isTrue();
    }

    @Test
    void pythonHostFromEnvironmentAndLocalRedis() throws Exception {
        write("requirements.txt", "flask\n");
        write("app.py", "import os, redis\nfrom flask import Flask\napp = Flask(__name__)\n"
                + "cache = redis.Redis(host=\"localhost\", port=6379)\n"
                + "app.run(host=os.getenv(\"BIND_HOST\", \"127.0.0.1\"), port=5000)\n");
        ProjectAnalysis a = analyze();
        assertThat(a.hostVariable()).isEqualTo("BIND_HOST");
        assertThat(a.findings()).filteredOn(f -> f.id().equals("localhost-database-url")).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("ElastiCache"));
    }

    @Test
    void mongoUrlsPointToDocumentDbOrAtlas() throws Exception {
        write("package.json", "{\"scripts\": {\"start\": \"node index.js\"}, \"dependencies\": {\"express\": \"5\"}}");
        write("index.js", "mongoose.connect('mongodb://localhost:27017/app'); app.get('/health', h); app.listen(3000)");
        assertThat(analyze().findings()).filteredOn(f -> f.id().equals("localhost-database-url")).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("DocumentDB").contains("Atlas").doesNotContain("RDS"));
    }

    @Test
    void anOwnDockerignoreThatLetsEnvThroughIsAnError() throws Exception {
        write("package.json", "{\"scripts\": {\"start\": \"node index.js\"}}");
        write("index.js", "app.get('/health', h); app.listen(3000)");
        write(".env", "API_KEY=x\n");
        write(".dockerignore", "node_modules\n*.log\n");
        assertThat(analyze().findings()).filteredOn(f -> f.id().equals("secret-in-context")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.fix()).contains("add `.env` to .dockerignore");
                });
        write(".dockerignore", "node_modules\n**/.env\n");
        assertThat(analyze().findings()).filteredOn(f -> f.id().equals("secret-in-context")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void dockerignoreRulesFollowDockersPatterns() {
        assertThat(ReadinessRules.ignoredBy(".env*\n", ".env.production")).isTrue();
        assertThat(ReadinessRules.ignoredBy("*.env\n", "config/.env")).isFalse();
        assertThat(ReadinessRules.ignoredBy("**/.env\n", "config/.env")).isTrue();
        assertThat(ReadinessRules.ignoredBy("config\n", "config/secrets.json")).isTrue();
        assertThat(ReadinessRules.ignoredBy(".env\n!.env\n", ".env")).isFalse();
    }

    @Test
    void theExpoFixtureIsRefusedWithTheNextStep() throws Exception {
        Path expo = dev.dockhand.testing.Fixtures.copy("node-expo-app", dir.resolve("expo"));
        assertThatThrownBy(() -> new ProjectAnalyzer().analyze(expo)).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("mobile app (expo)").hasMessageContaining("choose that package instead");
    }

    @Test
    void theNextAppOfTheTurborepoBuildsWithItsDependenciesAndWithoutEnvironmentValues() throws Exception {
        Path repo = dev.dockhand.testing.Fixtures.copy("node-pnpm-turbo", dir.resolve("repo"));
        ProjectAnalysis web = new ProjectAnalyzer().analyze(repo, "apps/web");
        assertThat(web.framework()).isEqualTo("nextjs");
        assertThat(web.startCommand()).isEqualTo("next start");
        assertThat(web.buildCommand()).isEqualTo("npx turbo run build --filter=@acme/web... --env-mode=loose");
        assertThat(web.healthPath()).isEqualTo("/api/health");
        assertThat(web.buildEnvironment()).containsOnlyKeys("SKIP_ENV_VALIDATION");
        assertThat(web.findings()).filteredOn(f -> f.id().equals("build-time-env-validation")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("DATABASE_URL"));
    }

    @Test
    void aPackageJsonWithAByteOrderMarkIsRead() throws Exception {
        write("package.json", "\uFEFF{\"scripts\": {\"start\": \"node index.js\"}}");
        write("index.js", "app.get('/health', h); app.listen(3000)");
        assertThat(analyze().startCommand()).isEqualTo("node index.js");
    }

    @Test
    void aPackageJsonTooLargeToAnalyseSaysSo() throws Exception {
        StringBuilder big = new StringBuilder("{\"name\": \"x\", \"scripts\": {\"start\": \"node i.js\"}, \"description\": \"");
        big.append("a".repeat(2 * 1024 * 1024)).append("\"}");
        write("package.json", big.toString());
        assertThatThrownBy(this::analyze).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("package.json is 2049 KB, more than Dockhand analyses (512 KB)")
                .hasMessageNotContaining("UTF-8");
    }
}
