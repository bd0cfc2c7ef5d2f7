package dev.dockhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile values in every field that reaches generated code or a command's checks, as users meet them: the
 * CLI as a separate process. What Dockhand writes parses, and the value arrives as literal text or is
 * refused with exit 2 and the rule.
 */
class HostileValuesTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/github-deploy";
    /** A health path the target group takes (every character is allowed in a URL) that was code in the old snippet. */
    private static final String HEALTH_PATH = "/h'+require('fs').writeFileSync('PWNED','1')+'";
    private static final String PYTHON_HEALTH_PATH = "/h'+open('PWNED','w').write('1')+'";

    @TempDir
    Path temp;

    private Run dockhand(Consumer<java.util.Map<String, String>> environment, String... args) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                .environment(environment).run(args);
    }

    private Run dockhand(String... args) throws Exception {
        return dockhand(env -> { }, args);
    }

    /** The HEALTHCHECK's exec form from the Dockerfile Dockhand proposes for {@code project}. */
    private List<String> healthCheck(Path project) throws Exception {
        Run dockerfile = dockhand("dockerfile", project.toString());
        assertThat(dockerfile.exitCode()).as(dockerfile.all()).isZero();
        Matcher check = Pattern.compile("(?s)HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD (\\[[^\\n]*])").matcher(dockerfile.out());
        assertThat(check.find()).as(dockerfile.out()).isTrue();
        return List.of(new ObjectMapper().readValue(check.group(1), String[].class));
    }

    /** Runs the health check's command on this machine against a stub app, and returns the paths it asked for. */
    private List<String> runHealthCheck(List<String> command, Path workDir) throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().put("PORT", String.valueOf(app.getAddress().getPort()));
            Process check = builder.start();
            String output = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as(output).isZero();
        } finally {
            app.stop(0);
        }
        return paths;
    }

    /**
     * Writes {@code healthPath} into the {@code fixture}'s dockhand.yaml, and runs the proposed HEALTHCHECK (whose
     * program is {@code program}) on this machine as {@code hostProgram}: the stub app sees the literal path, and
     * the code in it wrote no file.
     */
    private void healthCheckTakesThePathLiterally(String fixture, String healthPath, String program, String hostProgram)
            throws Exception {
        Path project = Fixtures.copy(fixture, temp);
        Files.writeString(project.resolve("dockhand.yaml"), "healthPath: \"" + healthPath + "\"\n");
        Path workDir = Files.createDirectories(temp.resolve(program + "-cwd"));

        List<String> command = healthCheck(project);

        assertThat(command.get(0)).isEqualTo(program);
        List<String> onThisMachine = new java.util.ArrayList<>(command);
        onThisMachine.set(0, hostProgram);
        assertThat(runHealthCheck(onThisMachine, workDir)).containsExactly(healthPath);
        assertThat(workDir.resolve("PWNED")).as("the path was not run as code").doesNotExist();
    }

    @Test
    void aHealthPathWithQuotesReachesTheNodeHealthCheckAsTheLiteralPathAndRunsNothing() throws Exception {
        healthCheckTakesThePathLiterally("node-npm", HEALTH_PATH, "node", "node");
    }

    @Test
    void aHealthPathWithQuotesReachesThePythonHealthCheckAsTheLiteralPathAndRunsNothing() throws Exception {
        healthCheckTakesThePathLiterally("python-flask", PYTHON_HEALTH_PATH, "python", "python3");
    }

    @Test
    void aHealthPathOutsideTheTargetGroupsRuleIsRefusedBeforeAnyDockerfileIsWritten() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "healthPath: \"/h\\\"); require(`child_process`)\"\n");

        Run run = dockhand("template", project.toString(), "--image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-npm:1a2b3c4");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("must start with \"/\" and hold only what a URL's path and query may");
    }

    @Test
    void aRegionWithALineBreakInDockhandYamlNeverReachesTheWorkflow() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "aws:\n  region: \"eu-west-1\\n  AWS_ENDPOINT_URL: http://attacker.example\"\n");

        Run run = dockhand("workflow", project.toString(), "--role-arn", ROLE);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("is not an AWS region");
        assertThat(project.resolve(".github/workflows/dockhand-deploy.yml")).doesNotExist();
    }

    @Test
    void aBranchThatWouldBreakTheYamlIsRefusedAndAGoodOneParsesBack() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        for (String branch : List.of("main]", "main\n    - '**'", "feature/*", "a..b", "-x")) {
            Run run = dockhand("workflow", project.toString(), "--role-arn", ROLE, "--region", "eu-west-1", "--branch", branch);
            assertThat(run.exitCode()).as(branch + ": " + run.all()).isEqualTo(2);
            assertThat(run.err()).contains("is not a branch name git takes");
        }
        assertThat(project.resolve(".github/workflows/dockhand-deploy.yml")).doesNotExist();

        Run run = dockhand("workflow", project.toString(), "--role-arn", ROLE, "--region", "eu-west-1", "--branch", "release/2.0");
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode workflow = new YAMLMapper().readTree(project.resolve(".github/workflows/dockhand-deploy.yml").toFile());
        assertThat(workflow.path("on").path("push").path("branches")).hasSize(1);
        assertThat(workflow.path("on").path("push").path("branches").get(0).asText()).isEqualTo("release/2.0");
        assertThat(workflow.path("env").path("AWS_REGION").asText()).isEqualTo("eu-west-1");
        assertThat(workflow.path("env").size()).isEqualTo(2);
    }

    @Test
    void aLoadPathWithASpaceIsRefusedWithTheRuleNotAnUnexpectedError() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);

        Run run = dockhand("load", project.toString(), "--target", "local", "--path", "/a b");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("--path \"/a b\" must start with \"/\"").doesNotContain("unexpected error");
    }

    @Test
    void aPackageJsonTooLargeToAnalyseIsMeasuredInTheLimitsUnit() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("package.json"), "{\"name\":\"big\",\"description\":\"" + "x".repeat(600 * 1024) + "\"}");

        Run run = dockhand("analyze", project.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).containsPattern("package\\.json is 60\\d KB, more than Dockhand analyses \\(512 KB\\)")
                .doesNotContain(" MB");
    }

    @Test
    void aDockerfileWithoutFromIsRefusedBeforeTheContextIsPackedAndNoLibraryPrints() throws Exception {
        DockerCli.requireEngine();
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("Dockerfile"), "RUN echo hello\nCMD [\"node\", \"server.js\"]\n");

        Run run = dockhand("build", project.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("has no FROM line").contains("dockhand dockerfile");
        assertThat(run.all()).doesNotContain("Sending build context").doesNotContain("\tat ").doesNotContain("ERROR")
                .doesNotContain("Status 400").doesNotContain("com.github.dockerjava");
    }

    @Test
    void aDeadDockerHostBesideARunningEngineIsNamedWithWhereItCameFrom() throws Exception {
        DockerCli.requireEngine();
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("Dockerfile"), "FROM node:20-bookworm-slim\nCOPY . .\nCMD [\"node\", \"server.js\"]\n");

        Run run = dockhand(env -> env.put("DOCKER_HOST", "unix://" + temp.resolve("nothing.sock")), "build", project.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("No Docker engine answers at unix://" + temp.resolve("nothing.sock") + ", which DOCKER_HOST names")
                .contains("unix:///var/run/docker.sock").contains("unset DOCKER_HOST").doesNotContain("Docker is not running");
    }

    @Test
    void aNonAsciiFolderUnderTheCLocaleGetsTheLocaleToUseNotAJavaException() throws Exception {
        Path project = Fixtures.copy("node-npm", Files.createDirectories(temp.resolve("café")));

        Run run = dockhand(env -> {
            env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
            env.put("LC_ALL", "C");
        }, "analyze", project.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Run Dockhand with a UTF-8 locale").doesNotContain("InvalidPathException");
    }

    @Test
    void aTemporaryFileAKilledWriteLeftIsSweptByTheNextWrite() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Path left = project.resolve(".Dockerfile." + UUID.randomUUID() + ".tmp");
        Files.writeString(left, "half a Dockerfile");
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().minusSeconds(3600)));

        Run run = dockhand("dockerfile", "--write", project.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(left).doesNotExist();
        try (var files = Files.list(project)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }
}
