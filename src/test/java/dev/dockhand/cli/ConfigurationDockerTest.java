package dev.dockhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's configuration from its .env file to the containers, never into the image: the fixture
 * answers its health path only when DATABASE_URL and SESSION_SECRET are set, and its .env holds planted
 * values that must appear only in the containers' environment. The CLI runs as separate processes.
 */
@Tag("docker")
class ConfigurationDockerTest {

    private static final String PLANTED = Fixtures.PLANTED;
    private static final String TAG = "config-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;

    private static Path project;
    private static String buildOutput;

    private static Run dockhand(String... args) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                .timeoutSeconds(600).run(args);
    }

    @BeforeAll
    static void build() throws Exception {
        DockerCli.requireEngine();
        project = Fixtures.configApp(Files.createDirectories(temp.resolve("p")));
        Run dockerfile = dockhand("dockerfile", "--write", project.toString());
        assertThat(dockerfile.exitCode()).as(dockerfile.all()).isZero();
        // The build reaches the npm registry through the host's network, as this machine needs.
        Run build = dockhand("build", project.toString(), "--network", "host", "--tag", TAG);
        assertThat(build.exitCode()).as(build.all()).isZero();
        buildOutput = build.all();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (project != null) {
            dockhand("destroy", project.toString(), "--target", "local", "--yes");
        }
        DockerCli.docker("rmi", "-f", image());
    }

    private static String image() {
        return "node-config-app:" + TAG; // the build names the image after the project folder
    }

    @Test
    void noLayerOfTheImageHoldsAPlantedValueNorTheFlaggedFiles() throws Exception {
        assertThat(buildOutput).doesNotContain(PLANTED);
        Path saved = temp.resolve("image.tar");
        DockerCli.Result save = DockerCli.docker("save", "-o", saved.toString(), image());
        assertThat(save.ok()).as(save.output()).isTrue();
        // Layers are tar files inside the saved tar, uncompressed: a planted value would show up as its bytes.
        byte[] bytes = Files.readAllBytes(saved);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(PLANTED).doesNotContain("config/secrets.json")
                .doesNotContain(".env\u0000");
        DockerCli.Result files = DockerCli.docker("run", "--rm", "--entrypoint", "sh", image(), "-c", "ls -A /app /app/config 2>&1");
        assertThat(files.output().lines()).contains(".env.example", "src").doesNotContain(".env", "secrets.json");
        DockerCli.Result config = DockerCli.docker("image", "inspect", "--format", "{{json .Config.Env}}", image());
        assertThat(config.output()).doesNotContain("DATABASE_URL").doesNotContain(PLANTED);
    }

    @Test
    void theLocalTestRunsWithTheConfigurationAndFailsWithTheAppsReasonWithoutIt() throws Exception {
        Run healthy = dockhand("test", project.toString(), "--image", image(), "--json");
        assertThat(healthy.exitCode()).as(healthy.all()).isZero();
        assertThat(new ObjectMapper().readTree(healthy.out()).get("healthy").asBoolean()).isTrue();
        assertThat(healthy.all()).doesNotContain(PLANTED);

        Path moved = temp.resolve("env-away");
        Files.move(project.resolve(".env"), moved);
        try {
            Run unhealthy = dockhand("test", project.toString(), "--image", image(), "--timeout", "20");
            assertThat(unhealthy.exitCode()).isNotZero();
            assertThat(unhealthy.all()).contains("DATABASE_URL is not set").contains("SESSION_SECRET is not set")
                    .contains("The app reads DATABASE_URL, SESSION_SECRET, STRIPE_API_KEY with no default, and they have no value here");
        } finally {
            Files.move(moved, project.resolve(".env"));
        }
    }

    @Test
    void aDotenvLinkedToAFileOutsideTheProjectGivesTheContainerNothing() throws Exception {
        // A cloned project's .env pointing at the user's credentials, which would make the app healthy if read.
        Path outside = Files.createDirectories(temp.resolve("home/.aws")).resolve("credentials");
        Files.writeString(outside, "DATABASE_URL=postgres://u:PLANTED-CREDENTIAL@h/db\nSESSION_SECRET=PLANTED-CREDENTIAL-2\n"
                + "STRIPE_API_KEY=PLANTED-CREDENTIAL-3\n");
        Path moved = temp.resolve("env-kept");
        Files.move(project.resolve(".env"), moved);
        Files.createSymbolicLink(project.resolve(".env"), outside);
        try {
            Run run = dockhand("test", project.toString(), "--image", image(), "--timeout", "20");
            assertThat(run.exitCode()).as(run.all()).isNotZero();
            assertThat(run.all()).as("the app itself says it got no value").contains("DATABASE_URL is not set")
                    .doesNotContain("PLANTED-CREDENTIAL");
        } finally {
            Files.delete(project.resolve(".env"));
            Files.move(moved, project.resolve(".env"));
        }
    }

    @Test
    void theRehearsalsReplicasGetTheConfigurationAndNoStateFileOrLogHoldsIt() throws Exception {
        Run deploy = dockhand("deploy", project.toString(), "--target", "local", "--image", image(), "--desired", "1", "--min", "1",
                "--health-interval", "1", "--wait-timeout", "120");
        assertThat(deploy.exitCode()).as(deploy.all()).isZero();
        assertThat(deploy.all()).doesNotContain(PLANTED);
        String url = deploy.out().lines().filter(l -> l.contains("running at ")).findFirst().orElseThrow()
                .replaceAll(".*running at (http://\\S+).*", "$1");
        HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = new ObjectMapper().readTree(root.body());
        assertThat(answer.get("greeting").asText()).isEqualTo("hello from the container");
        assertThat(answer.get("logLevel").asText()).isEqualTo("debug");

        // The replicas' environment holds the values: that is where they belong.
        String ids = DockerCli.docker("ps", "-q", "--filter", "label=dev.dockhand.rehearsal=node-config-app").output().strip();
        assertThat(ids).isNotEmpty();
        String env = DockerCli.docker("inspect", "--format", "{{json .Config.Env}}", ids.lines().findFirst().orElseThrow()).output();
        assertThat(env).contains("DATABASE_URL=postgres://app:PLANTED-SECRET-db-7f3a@db.internal:5432/app")
                .contains("SESSION_SECRET=PLANTED-SECRET-session-91c2");
        // And nothing else of Dockhand's: state files, the background process's log, dockhand.yaml.
        try (Stream<Path> files = Files.walk(temp.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(PLANTED);
            }
        }
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).doesNotContain(PLANTED).contains("SESSION_SECRET");
        assertThat(processCommandLines()).doesNotContain(PLANTED);

        Run destroy = dockhand("destroy", project.toString(), "--target", "local", "--yes");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
    }

    /** Every process's command line: a value passed as an argument would be visible to every user of the machine. */
    private static String processCommandLines() throws IOException {
        StringBuilder all = new StringBuilder();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(c -> all.append(c).append('\n')));
        return all.toString();
    }
}
