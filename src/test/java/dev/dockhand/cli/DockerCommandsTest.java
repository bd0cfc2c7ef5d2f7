package dev.dockhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The build, test and push commands' contract, against the real engine and registry. */
@Tag("docker")
class DockerCommandsTest {

    @TempDir
    static Path temp;

    private static final List<String> images = new ArrayList<>();

    record Run(int exitCode, String out, String err) {
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    @BeforeAll
    static void engine() {
        DockerCli.requireEngine();
    }

    @AfterAll
    static void cleanUp() {
        images.forEach(image -> DockerCli.docker("rmi", "-f", image));
    }

    private static Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DockhandCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(cli.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    private static Path project(String fixture) throws Exception {
        Path project = Fixtures.copy(fixture, Files.createTempDirectory(temp, fixture));
        assertThat(run("", "dockerfile", "--write", project.toString()).exitCode()).isZero();
        return project;
    }

    @Test
    void buildPrintsTheImageReferenceLastThenTestAndPushUseIt() throws Exception {
        Path project = project("node-npm");

        Run build = run("", "build", project.toString(), "--tag", "cli-test-1");
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("Step 1/");
        assertThat(build.lastLine()).isEqualTo("node-npm:cli-test-1");
        images.add(build.lastLine());

        Run test = run("", "test", project.toString(), "--json");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(test.out());
        assertThat(json.get("healthy").asBoolean()).isTrue();
        assertThat(json.get("statusCode").asInt()).isEqualTo(200);
        assertThat(json.get("latencyMs").isNumber()).isTrue();
        assertThat(json.get("exitCode").isNull()).isTrue();
        assertThat(json.get("reason").isNull()).isTrue();
        assertThat(json.get("logTail").isArray()).isTrue();

        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(temp.resolve("registry")))) {
            String target = registry.address() + "/apps/node-npm:cli-test-1";
            images.add(target);
            Run push = run(LocalRegistry.PASSWORD + "\n", "push", project.toString(), "--image", "node-npm:cli-test-1",
                    "--to", target, "--username", LocalRegistry.USER, "--password-stdin");
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(push.lastLine()).matches("sha256:[0-9a-f]{64}");
            assertThat(push.out() + push.err()).doesNotContain(LocalRegistry.PASSWORD);

            Run refused = run("not-the-password\n", "push", project.toString(), "--image", "node-npm:cli-test-1",
                    "--to", target, "--username", LocalRegistry.USER, "--password-stdin");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("refused the credentials").doesNotContain("not-the-password");
        }
    }

    @Test
    void testOfACrashingAppExitsNonZeroWithTheReason() throws Exception {
        Path project = Fixtures.trial("crash", Files.createTempDirectory(temp, "crash"));
        Run build = run("", "build", project.toString(), "--tag", "cli-crash");
        assertThat(build.exitCode()).as(build.err()).isZero();
        images.add(build.lastLine());

        Run test = run("", "test", project.toString(), "--json");

        assertThat(test.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(test.out());
        assertThat(json.get("healthy").asBoolean()).isFalse();
        assertThat(json.get("exitCode").asInt()).isEqualTo(3);
        assertThat(json.get("reason").asText()).contains("exited with code 3");
    }

    @Test
    void buildWithoutDockerfileIsBadInput() throws Exception {
        Path project = Fixtures.copy("node-npm", Files.createTempDirectory(temp, "nodockerfile"));
        Run build = run("", "build", project.toString());
        assertThat(build.exitCode()).isEqualTo(2);
        assertThat(build.err()).contains("There is no Dockerfile").contains("dockhand dockerfile --write");
    }

    @Test
    void testBeforeAnyBuildIsBadInput() throws Exception {
        Path project = Fixtures.copy("node-yarn", Files.createTempDirectory(temp, "unbuilt"));
        Run test = run("", "test", project.toString());
        assertThat(test.exitCode()).isEqualTo(2);
        assertThat(test.err()).contains("No image has been built");
    }

    @Test
    void pushNeedsThePasswordOnStdin() throws Exception {
        Path project = Fixtures.copy("node-npm", Files.createTempDirectory(temp, "nopassword"));
        Run push = run("", "push", project.toString(), "--image", "x:1", "--to", "127.0.0.1:5000/x:1", "--username", "u");
        assertThat(push.exitCode()).isEqualTo(2);
        assertThat(push.err()).contains("--password-stdin");
    }
}
