package dev.dockhand.dockerfile;

import dev.dockhand.docker.DockerIgnore;
import dev.dockhand.project.Finding;
import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret files are recognised whatever their case, while Docker's .dockerignore patterns match case
 * exactly: every file the report says the generated .dockerignore keeps out must really be left out by
 * Docker's matching, and one no line can name is reported as not kept out.
 */
class SecretIgnoreTest {

    @TempDir
    Path project;

    private static final List<String> ODD_CASED = List.of("Server.PEM", "SECRETS.json", ".ENV", ".Env.Production", "config/Id_Rsa",
            "certs/Prod.Key", "config/Credentials.JSON", "keys/My-Service-Account.JSON", "deploy/Secrets.YAML", ".NPMRC", "#Old.PEM",
            "!Signing.P12");
    private static final List<String> PLAIN = List.of("server.pem", "config/.env", "keys/id_ed25519");
    /** A name no .dockerignore line can give without it being read as a pattern. */
    private static final String UNNAMEABLE = "certs/Key[1].PEM";

    @Test
    void everyFlaggedSecretIsLeftOutByTheGeneratedDockerignoreOrReportedAsNot() throws Exception {
        Files.writeString(project.resolve("package.json"), "{\"name\":\"shop\",\"version\":\"1.0.0\",\"scripts\":{\"start\":\"node "
                + "server.js\"},\"dependencies\":{}}");
        Files.writeString(project.resolve("package-lock.json"), "{\"name\":\"shop\",\"version\":\"1.0.0\",\"lockfileVersion\":3,"
                + "\"requires\":true,\"packages\":{\"\":{\"name\":\"shop\",\"version\":\"1.0.0\"}}}");
        Files.writeString(project.resolve("server.js"), "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n");
        for (String file : concat(ODD_CASED, PLAIN, List.of(UNNAMEABLE))) {
            Files.createDirectories(project.resolve(file).getParent());
            Files.writeString(project.resolve(file), file.endsWith("NPMRC") ? "//registry.npmjs.org/:_authToken=abc\n" : "secret\n");
        }

        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);
        List<Finding> secrets = analysis.findings().stream().filter(f -> f.id().equals("secret-in-context")).toList();
        assertThat(secrets).extracting(Finding::file).as("every one is flagged")
                .containsExactlyInAnyOrderElementsOf(concat(ODD_CASED, PLAIN, List.of(UNNAMEABLE)));

        String dockerignore = new DockerfileGenerator().propose(analysis).dockerignore();
        DockerIgnore docker = DockerIgnore.parse(dockerignore);
        for (Finding secret : secrets) {
            boolean keptOut = secret.fix().startsWith("The generated .dockerignore keeps it out");
            assertThat(docker.ignores(secret.file())).as(secret.file() + ": " + secret.fix() + "\n" + dockerignore).isEqualTo(keptOut);
            if (!secret.file().equals(UNNAMEABLE)) {
                assertThat(keptOut).as(secret.file() + " is kept out").isTrue();
            }
        }
        Finding unnameable = secrets.stream().filter(f -> f.file().equals(UNNAMEABLE)).findFirst().orElseThrow();
        assertThat(unnameable.fix()).startsWith("Nothing keeps it out of the image: rename or move it");
        assertThat(unnameable.severity()).isEqualTo(dev.dockhand.project.Severity.ERROR);
        // Lower-case names are matched by the patterns and get no line of their own.
        assertThat(dockerignore.lines()).doesNotContain("server.pem", "config/.env", "keys/id_ed25519").contains("/#Old.PEM");
        // The app's own files still reach the build.
        assertThat(docker.ignores("server.js")).isFalse();
        assertThat(docker.ignores("package.json")).isFalse();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
