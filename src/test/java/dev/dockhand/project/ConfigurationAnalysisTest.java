package dev.dockhand.project;

import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration an app reads: dotenv files as dotenv reads them, and the variables the code reads. */
class ConfigurationAnalysisTest {

    @TempDir
    Path dir;

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Map<String, ConfigKey> keys(Path folder) throws AnalysisException {
        return new ProjectAnalyzer().analyze(folder).configuration().stream()
                .collect(Collectors.toMap(ConfigKey::name, Function.identity()));
    }

    @Test
    void dotenvReadsExportQuotesCommentsAndMultilineValues() {
        DotEnv env = DotEnv.parse("""
                # a comment
                export A=1
                B = "two words" # comment
                C='single # not a comment'
                D="line1\\nline2"
                E="first
                second"
                F=
                G=plain value # trailing
                H=`back tick`
                B=again
                not a line
                =nokey
                """);
        assertThat(env.value("A")).isEqualTo("1");
        assertThat(env.value("B")).isEqualTo("again");
        assertThat(env.value("C")).isEqualTo("single # not a comment");
        assertThat(env.value("D")).isEqualTo("line1\nline2");
        assertThat(env.value("E")).isEqualTo("first\nsecond");
        assertThat(env.value("F")).isEmpty();
        assertThat(env.value("G")).isEqualTo("plain value");
        assertThat(env.value("H")).isEqualTo("back tick");
        assertThat(env.entries().get("E").line()).isEqualTo(6);
        assertThat(env.problems()).extracting(DotEnv.Problem::line).containsExactly(11, 12, 13);
        assertThat(env.problems().get(0).message()).contains("B is set again on line 11 (first on line 3)");
        assertThat(env.entries().get("A").toString()).doesNotContain("1]").doesNotContain("value");
    }

    @Test
    void anUnclosedQuoteIsAProblemNotAValue() {
        DotEnv env = DotEnv.parse("A=\"never closed\nB=2\n");
        assertThat(env.value("A")).isNull();
        assertThat(env.problems()).singleElement().extracting(DotEnv.Problem::message).asString().contains("never closed");
    }

    @Test
    void theFixtureAppsConfigurationIsFoundWithKindsAndSources() throws Exception {
        Map<String, ConfigKey> keys = keys(Fixtures.configApp(dir));
        assertThat(keys).containsOnlyKeys("DATABASE_URL", "SESSION_SECRET", "LOG_LEVEL", "GREETING", "STRIPE_API_KEY",
                "FEATURE_FLAGS", "PRIVATE_KEY");
        assertThat(keys.get("DATABASE_URL").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(keys.get("DATABASE_URL").readAt()).containsExactly("src/config.js:7");
        assertThat(keys.get("DATABASE_URL").valueFiles()).containsExactly(".env");
        assertThat(keys.get("SESSION_SECRET").readAt()).containsExactly("src/config.js:8");
        assertThat(keys.get("LOG_LEVEL").kind()).isEqualTo(ConfigKind.PLAIN);
        assertThat(keys.get("LOG_LEVEL").hasDefault()).isTrue();
        assertThat(keys.get("GREETING").hasDefault()).isTrue();
        assertThat(keys.get("FEATURE_FLAGS").hasDefault()).isTrue();
        assertThat(keys.get("FEATURE_FLAGS").listedIn()).containsExactly(".env.example");
        // Empty in .env, listed in .env.example, read without a default: the task would start without it.
        assertThat(keys.get("STRIPE_API_KEY").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(keys.get("STRIPE_API_KEY").missing()).isTrue();
        assertThat(keys.get("PRIVATE_KEY").readAt()).isEmpty();
        assertThat(keys.get("PRIVATE_KEY").kind()).isEqualTo(ConfigKind.SECRET);
        ProjectAnalysis a = new ProjectAnalyzer().analyze(dir.resolve("node-config-app"));
        assertThat(a.findings()).filteredOn(f -> f.id().equals(ConfigReads.MISSING))
                .singleElement().satisfies(f -> {
                    assertThat(f.message()).startsWith("STRIPE_API_KEY is read with no default");
                    assertThat(f.location()).isEqualTo("src/config.js:4");
                });
    }

    @Test
    void pythonGoSpringAndPrismaReadsAreFound() throws Exception {
        write("requirements.txt", "fastapi\nuvicorn\npydantic-settings\n");
        write("app/main.py", """
                import os
                from fastapi import FastAPI
                app = FastAPI()
                SECRET = os.environ["JWT_SECRET"]
                region = os.getenv("BUCKET_NAME", "uploads")
                os.environ["SET_HERE"] = "x"
                debug = os.environ.get("DEBUG")
                """);
        write("app/settings.py", """
                from pydantic_settings import BaseSettings

                class Settings(BaseSettings):
                    database_url: str
                    log_level: str = "info"
                    sentry_dsn: str | None = None

                settings = Settings()
                """);
        Map<String, ConfigKey> keys = keys(dir);
        assertThat(keys).containsOnlyKeys("JWT_SECRET", "BUCKET_NAME", "DEBUG", "DATABASE_URL", "LOG_LEVEL", "SENTRY_DSN");
        assertThat(keys.get("JWT_SECRET").missing()).isTrue();
        assertThat(keys.get("BUCKET_NAME").hasDefault()).isTrue();
        assertThat(keys.get("DATABASE_URL").readAt()).containsExactly("app/settings.py:4");
        assertThat(keys.get("DATABASE_URL").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(keys.get("SENTRY_DSN").hasDefault()).isTrue();

        Path go = Files.createDirectories(dir.resolve("go"));
        Files.writeString(go.resolve("go.mod"), "module example.com/api\n\ngo 1.22\n");
        Files.writeString(go.resolve("main.go"), """
                package main
                import "os"
                func main() {
                    dsn := os.Getenv("POSTGRES_PASSWORD")
                    if v, ok := os.LookupEnv("CACHE_TTL"); ok { _ = v }
                    _ = dsn
                }
                """);
        Map<String, ConfigKey> goKeys = keys(go);
        assertThat(goKeys.get("POSTGRES_PASSWORD").missing()).isTrue();
        assertThat(goKeys.get("CACHE_TTL").hasDefault()).isTrue();

        Path spring = Files.createDirectories(dir.resolve("spring/src/main/resources"));
        Files.writeString(dir.resolve("spring/pom.xml"), "<project><artifactId>app</artifactId><dependencies><dependency>"
                + "<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>");
        Files.writeString(spring.resolve("application.properties"),
                "spring.datasource.url=${JDBC_URL}\nspring.datasource.password=${DB_PASSWORD:}\napp.name=${app.title}\n");
        Map<String, ConfigKey> springKeys = keys(dir.resolve("spring"));
        assertThat(springKeys).containsOnlyKeys("JDBC_URL", "DB_PASSWORD");
        assertThat(springKeys.get("DB_PASSWORD").hasDefault()).isTrue();

        Path prisma = Files.createDirectories(dir.resolve("prisma-app"));
        Files.writeString(prisma.resolve("package.json"), "{\"scripts\": {\"start\": \"node server.js\"}, \"dependencies\": {\"@prisma/client\": \"6\"}}");
        Files.createDirectories(prisma.resolve("prisma"));
        Files.writeString(prisma.resolve("prisma/schema.prisma"),
                "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n");
        Files.writeString(prisma.resolve("server.js"), "require('http').createServer().listen(process.env.PORT);");
        assertThat(keys(prisma).get("DATABASE_URL").readAt()).containsExactly("prisma/schema.prisma:3");
    }

    @Test
    void validatedEnvironmentsGiveTheirSchemaKeys() throws Exception {
        write("package.json", "{\"scripts\": {\"start\": \"node dist/index.js\"}, \"dependencies\": {\"zod\": \"3\", \"express\": \"5\"}}");
        write("src/env.ts", """
                import { z } from 'zod';
                const schema = z.object({
                  DATABASE_URL: z.string().url(),
                  REDIS_URL: z.string().optional(),
                  LOG_LEVEL: z.enum(['debug', 'info']).default('info'),
                });
                export const env = schema.parse(process.env);
                """);
        write("src/index.test.ts", "process.env.ONLY_IN_TESTS;");
        write("src/index.ts", "process.env.FROM_CODE = 'set, not read'; const { A_TOKEN, B: renamed = 'x' } = process.env;");
        Map<String, ConfigKey> keys = keys(dir);
        assertThat(keys).containsOnlyKeys("DATABASE_URL", "REDIS_URL", "LOG_LEVEL", "A_TOKEN", "B");
        assertThat(keys.get("DATABASE_URL").missing()).isTrue();
        assertThat(keys.get("REDIS_URL").hasDefault()).isTrue();
        assertThat(keys.get("LOG_LEVEL").hasDefault()).isTrue();
        assertThat(keys.get("A_TOKEN").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(keys.get("B").hasDefault()).isTrue();
    }

    @Test
    void kindsFollowNamesThenValues() {
        assertThat(ConfigKinds.guess("STRIPE_SECRET_KEY", null).kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(ConfigKinds.guess("GITHUB_TOKEN", null).reason()).contains("TOKEN");
        assertThat(ConfigKinds.guess("NEXT_PUBLIC_API_KEY", null).kind()).isEqualTo(ConfigKind.PLAIN);
        assertThat(ConfigKinds.guess("STRIPE_PUBLISHABLE_KEY", null).kind()).isEqualTo(ConfigKind.PLAIN);
        assertThat(ConfigKinds.guess("DATABASE_URL", null).kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(ConfigKinds.guess("CACHE_URL", "redis://:pw123@cache:6379").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(ConfigKinds.guess("API_BASE_URL", "https://api.example.com").kind()).isEqualTo(ConfigKind.PLAIN);
        assertThat(ConfigKinds.guess("UPSTREAM", "sk_live_abc").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(ConfigKinds.guess("SIGNATURE", "k8Qz3LmP0vXw9RtY2bNc5HsJ").kind()).isEqualTo(ConfigKind.SECRET);
        assertThat(ConfigKinds.guess("LOG_LEVEL", "debug").kind()).isEqualTo(ConfigKind.PLAIN);
        assertThat(ConfigKinds.guess("BUILD_ID", "2026-12-01-release-candidate").kind()).isEqualTo(ConfigKind.PLAIN);
    }

    @Test
    void credentialsWrittenInTheCodeAreAnErrorThatDoesNotRepeatThem() throws Exception {
        String stripe = "sk_live_" + "51HxQ2eKq9Wv8Rt3Lm0Zp7Ab";
        write("package.json", "{\"scripts\": {\"start\": \"node server.js\"}, \"dependencies\": {\"express\": \"5\"}}");
        write("server.js", "const stripe = require('stripe')('" + stripe + "');\nconst aws = 'AKIAIOSFODNN7EXAMPLE';\n");
        write("config/deploy.pem.json", "{\"key\": \"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\"}");
        write("test/payments.test.js", "const key = '" + stripe + "';");
        ProjectAnalysis a = new ProjectAnalyzer().analyze(dir);
        assertThat(a.findings()).filteredOn(f -> f.id().equals("inline-secret")).extracting(Finding::location)
                .containsExactlyInAnyOrder("server.js:1", "config/deploy.pem.json:1");
        assertThat(a.findings()).allSatisfy(f -> assertThat(f.message() + f.fix()).doesNotContain(stripe));
        assertThat(a.findings()).filteredOn(f -> f.id().equals("inline-secret")).first()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }
}
