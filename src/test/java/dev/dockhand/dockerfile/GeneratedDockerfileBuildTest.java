package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One generated Dockerfile per stack, and one per real project shape (NestJS, Prisma, Fastify autoload,
 * Procfile, a pnpm + Turborepo monorepo with a Next.js app, Nx, SvelteKit), is built by the real engine (base images made locally, see
 * .ci/base-images.sh), run, and answers on its health path; secrets in the folder stay out of the image.
 */
@Tag("docker")
class GeneratedDockerfileBuildTest {

    /** What the task's configuration gives these apps at run time (the build had none of it). */
    private static final Map<String, Map<String, String>> RUNTIME_CONFIGURATION = Map.of(
            "node-pnpm-turbo@apps/web", Map.of("DATABASE_URL", "postgresql://web@db.internal:5432/web"));

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        DockerCli.requireEngine();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"node-npm", "node-build-step", "python-stdlib", "java-maven", "go-http", "static-site",
            // Real dependencies from the npm registry, installed by the build (host network):
            "node-nest-api", "node-prisma-express", "node-fastify-autoload", "node-procfile", "node-pnpm-turbo",
            "node-pnpm-turbo@apps/web", "node-nx-workspace", "node-sveltekit"})
    void generatedDockerfileBuildsRunsAndAnswers(String shape) throws Exception {
        String fixture = shape.contains("@") ? shape.substring(0, shape.indexOf('@')) : shape;
        String workspacePackage = shape.contains("@") ? shape.substring(shape.indexOf('@') + 1) : null;
        Path project = Fixtures.copy(fixture, temp);
        Files.writeString(project.resolve(".env"), "API_TOKEN=do-not-ship-me\n");
        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project, workspacePackage);
        new DockerfileWriter().write(project, new DockerfileGenerator().propose(analysis), false);
        String image = "dockhand-test/" + fixture + ":" + UUID.randomUUID().toString().substring(0, 8);
        String container = null;
        try {
            // The host network: the default bridge has no route to the package registry on this machine.
            DockerCli.Result build = DockerCli.docker(project, 900, "build", "--network", "host", "-t", image, ".");
            assertThat(build.ok()).as("docker build of %s:%n%s", fixture, build.output()).isTrue();

            String user = DockerCli.docker("image", "inspect", "-f", "{{.Config.User}}", image).output().strip();
            assertThat(user).as("image user").isNotEmpty().isNotIn("root", "0", "0:0");

            // Variables set for the build only (SKIP_ENV_VALIDATION, placeholders) never reach the image.
            String imageEnv = DockerCli.docker("image", "inspect", "-f", "{{json .Config.Env}}", image).output();
            for (String buildOnly : analysis.buildEnvironment().keySet()) {
                assertThat(imageEnv).as("image environment").doesNotContain(buildOnly + "=");
            }

            List<String> run = new ArrayList<>(List.of("run", "-d", "-p", "127.0.0.1::" + analysis.port()));
            RUNTIME_CONFIGURATION.getOrDefault(shape, Map.of()).forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
            run.add(image);
            DockerCli.Result started = DockerCli.docker(run.toArray(String[]::new));
            assertThat(started.ok()).as(started.output()).isTrue();
            container = started.output().strip();
            String mapping = DockerCli.docker("port", container, analysis.port() + "/tcp").output().strip();
            int hostPort = Integer.parseInt(mapping.lines().findFirst().orElseThrow().replaceAll(".*:", ""));

            int status = waitForHealth(hostPort, analysis.healthPath() == null ? "/" : analysis.healthPath());
            assertThat(status).as("health answer; logs:%n%s", DockerCli.docker("logs", container).output()).isEqualTo(200);

            DockerCli.Result envInImage = DockerCli.docker("create", image);
            String created = envInImage.output().strip();
            DockerCli.Result copy = DockerCli.docker("cp", created + ":" + workdir(analysis) + "/.env", temp.resolve("leaked").toString());
            DockerCli.docker("rm", created);
            assertThat(copy.ok()).as(".env must not be in the image").isFalse();
        } finally {
            if (container != null) {
                DockerCli.docker("rm", "-f", container);
            }
            DockerCli.docker("rmi", "-f", image);
        }
    }

    private static String workdir(ProjectAnalysis analysis) {
        return switch (analysis.stack()) {
            case STATIC -> "/usr/share/nginx/html";
            case JAVA, GO -> "/src";
            default -> "/app";
        };
    }

    private static int waitForHealth(int port, String path) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // as a load balancer asks
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build();
        int last = -1;
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                last = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return last;
                }
            } catch (java.io.IOException e) {
                last = -1; // not listening yet
            }
            Thread.sleep(500);
        }
        return last;
    }
}
