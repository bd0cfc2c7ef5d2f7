package dev.dockhand.docker;

import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.LocalRegistry;
import dev.dockhand.dockerfile.DockerfileGenerator;
import dev.dockhand.dockerfile.DockerfileWriter;
import dev.dockhand.project.ProjectAnalyzer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Build, local test and push against the real engine and a real registry with basic auth. */
@Tag("docker")
class DockerStepsTest {

    @TempDir
    static Path temp;

    private static DockerEngine engine;
    private static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        DockerCli.requireEngine();
        engine = DockerEngine.connect();
    }

    @AfterAll
    static void cleanUp() {
        for (String image : images) {
            DockerCli.docker("rmi", "-f", image);
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static String build(Path folder, BuildListener listener) throws Exception {
        String reference = "dockhand-test/" + folder.getFileName() + ":" + UUID.randomUUID().toString().substring(0, 8);
        images.add(reference);
        new ImageBuilder(engine).build(folder, reference, listener);
        return reference;
    }

    private static String buildTrial(String name) throws Exception {
        return build(Fixtures.trial(name, temp.resolve(UUID.randomUUID().toString())), new BuildListener() { });
    }

    private static TrialResult trial(String image, String health, int seconds) throws Exception {
        return new LocalTrial(engine).run(image, options(health, seconds),
                new LocalTrial.Listener() { });
    }

    /** The stack's success codes; one pass is enough here (the threshold is TestStepHealthCheckTest's). */
    private static LocalTrial.Options options(String health, int seconds) {
        return new LocalTrial.Options(3000, health, Duration.ofSeconds(seconds), List.of(), new LocalTrial.Check(Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1, HttpCodes.parse(dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER)));
    }

    private static List<String> trialContainers() {
        String out = DockerCli.docker("ps", "-aq", "--filter", "label=" + LocalTrial.TRIAL_LABEL).output().strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    @Test
    void buildReportsContextStepsAndTagsTheImage() throws Exception {
        Path project = Fixtures.copy("node-npm", temp.resolve("build"));
        new DockerfileWriter().write(project, new DockerfileGenerator().propose(new ProjectAnalyzer().analyze(project)), false);
        List<String> steps = new CopyOnWriteArrayList<>();
        long[] context = new long[1];

        String image = build(project, new BuildListener() {
            @Override
            public void contextPacked(long bytes, int files) {
                context[0] = bytes;
            }

            @Override
            public void step(int number, int total, String instruction) {
                steps.add(number + "/" + total);
            }
        });

        assertThat(context[0]).isPositive();
        assertThat(steps).isNotEmpty().last().satisfies(last -> assertThat(last.split("/")[0]).isEqualTo(last.split("/")[1]));
        assertThat(DockerCli.docker("image", "inspect", image).ok()).isTrue();
        assertThat(new ProjectImages(engine).latest(project)).contains(image);
    }

    @Test
    void aFailingBuildSaysWhichStepFailed() throws Exception {
        Path project = Fixtures.trial("failing-build", temp.resolve("failing"));
        assertThatThrownBy(() -> build(project, new BuildListener() { }))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("returned a non-zero code: 7")
                .hasMessageContaining("RUN echo \"compiling\" && exit 7");
    }

    @Test
    void cancellingABuildLeavesNoTagAndNoContainer() throws Exception {
        Path project = Fixtures.trial("sleepy-build", temp.resolve("sleepy"));
        String reference = "dockhand-test/sleepy:" + UUID.randomUUID().toString().substring(0, 8);
        List<String> before = DockerCli.docker("ps", "-aq").output().lines().toList();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                return new ImageBuilder(engine).build(project, reference, new BuildListener() {
                    @Override
                    public void log(String line) {
                        if (line.contains("start")) {
                            started.complete(null);
                        }
                    }
                });
            } catch (Exception | Error e) {
                return e;
            }
        });
        started.get(60, TimeUnit.SECONDS);
        worker.get().interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(DockerCli.docker("image", "inspect", reference).ok()).as("no tag after cancel").isFalse();
        waitUntil(() -> DockerCli.docker("ps", "-aq").output().lines().toList().equals(before), 30);
        assertThat(DockerCli.docker("ps", "-aq").output().lines().toList()).as("no leftover build container")
                .containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aHealthyAppAnswers() throws Exception {
        TrialResult result = trial(buildTrial("slow"), "/", 60);
        assertThat(result.healthy()).isTrue();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.latencyMs()).isNotNull();
        assertThat(result.logTail()).contains("warming up", "ready");
        assertThat(trialContainers()).isEmpty();
    }

    @Test
    void aSlowAppTimesOutWhenTheWaitIsTooShort() throws Exception {
        TrialResult result = trial(buildTrial("slow"), "/", 1);
        assertThat(result.healthy()).isFalse();
        assertThat(result.reason()).contains("No answer on port 3000 within 1 s");
        assertThat(trialContainers()).isEmpty();
    }

    @Test
    void aCrashSaysExitCodeAndLastLines() throws Exception {
        TrialResult result = trial(buildTrial("crash"), "/", 30);
        assertThat(result.healthy()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.reason()).contains("exited with code 3").contains("boom: DATABASE_URL is not set");
        assertThat(trialContainers()).isEmpty();
    }

    @Test
    void listeningOnLoopbackInsideTheContainerIsNamed() throws Exception {
        TrialResult result = trial(buildTrial("loopback"), "/", 30);
        assertThat(result.healthy()).isFalse();
        assertThat(result.reason()).contains("listens on 127.0.0.1:3000 inside the container only");
    }

    @Test
    void answeringOnAnotherPortIsNamed() throws Exception {
        TrialResult result = trial(buildTrial("wrong-port"), "/", 30);
        assertThat(result.healthy()).isFalse();
        assertThat(result.reason()).contains("answers on port 4000, not 3000");
    }

    @Test
    void aHealthPathThatAnswersErrorsIsNamed() throws Exception {
        TrialResult result = trial(buildTrial("not-found"), "/", 3);
        assertThat(result.healthy()).isFalse();
        assertThat(result.statusCode()).isEqualTo(404);
        assertThat(result.reason()).contains("answered 404");
    }

    @Test
    void cancellingATestRemovesTheContainer() throws Exception {
        String image = buildTrial("slow");
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                return new LocalTrial(engine).run(image, options("/", 60),
                        new LocalTrial.Listener() {
                            @Override
                            public void status(String text) {
                                started.complete(null);
                            }
                        });
            } catch (Exception | Error e) {
                return e;
            }
        });
        started.get(30, TimeUnit.SECONDS);
        worker.get().interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(trialContainers()).isEmpty();
    }

    @Test
    void pushesWithBasicAuthAndReportsTheDigestTheRegistryHas() throws Exception {
        String image = buildTrial("slow");
        try (LocalRegistry registry = LocalRegistry.start(java.nio.file.Files.createDirectories(temp.resolve("registry")))) {
            ImagePusher.Target target = ImagePusher.Target.parse(registry.address() + "/team/slow:abc1234");
            images.add(target.reference());
            List<String> layers = new CopyOnWriteArrayList<>();

            String digest = new ImagePusher(engine).push(image, target,
                    new RegistryCredentials(LocalRegistry.USER, LocalRegistry.PASSWORD), new PushListener() {
                        @Override
                        public void layer(String id, String status, long current, long total) {
                            layers.add(id + " " + status);
                        }
                    });

            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            assertThat(layers).anyMatch(l -> l.contains("Pushed") || l.contains("already exists"));
            HttpResponse<Void> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + registry.address() + "/v2/team/slow/manifests/abc1234"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(digest);
        }
    }

    @Test
    void aWrongPasswordIsRefusedClearlyWithoutRepeatingIt() throws Exception {
        String image = buildTrial("crash");
        try (LocalRegistry registry = LocalRegistry.start(java.nio.file.Files.createDirectories(temp.resolve("registry2")))) {
            ImagePusher.Target target = ImagePusher.Target.parse(registry.address() + "/team/crash:abc1234");
            images.add(target.reference());
            assertThatThrownBy(() -> new ImagePusher(engine).push(image, target,
                    new RegistryCredentials(LocalRegistry.USER, "wrong-password-42"), new PushListener() { }))
                    .isInstanceOf(PushFailedException.class)
                    .hasMessageContaining("refused the credentials of user \"dockhand\"")
                    .hasMessageNotContaining("wrong-password-42");
        }
    }

    @Test
    void anUnreachableRegistryIsNamed() throws Exception {
        String image = buildTrial("crash");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ImagePusher.Target target = ImagePusher.Target.parse("127.0.0.1:" + closedPort + "/team/crash:abc1234");
        images.add(target.reference());
        assertThatThrownBy(() -> new ImagePusher(engine).push(image, target,
                new RegistryCredentials("u", "p"), new PushListener() { }))
                .isInstanceOf(PushFailedException.class)
                .hasMessageContaining("Cannot reach the registry 127.0.0.1:" + closedPort);
    }

    @Test
    void referencesWithoutRegistryOrWithLatestAreRefused() {
        assertThatThrownBy(() -> ImagePusher.Target.parse("my-app:1.0")).hasMessageContaining("REGISTRY/REPOSITORY:TAG");
        assertThatThrownBy(() -> ImagePusher.Target.parse("localhost:5000/my-app:latest")).hasMessageContaining("immutable tag");
        assertThatThrownBy(() -> ImagePusher.Target.parse("team/my-app:1.0")).hasMessageContaining("not a registry host");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }


    @Test
    void testContainersLeftByAKilledDockhandAreSweptAndOnesOfALiveOneAreNot() {
        String base = "node:20-bookworm-slim";
        String orphan = DockerCli.docker("run", "-d", "--label", LocalTrial.TRIAL_LABEL + "=true", "--label",
                "dev.dockhand.trial.pid=2147483646", "--entrypoint", "sleep", base, "300").output().strip();
        String live = DockerCli.docker("run", "-d", "--label", LocalTrial.TRIAL_LABEL + "=true", "--label",
                "dev.dockhand.trial.pid=" + ProcessHandle.current().pid(), "--entrypoint", "sleep", base, "300").output().strip();
        try {
            assertThat(LocalTrial.sweep(engine)).isGreaterThanOrEqualTo(1);
            assertThat(DockerCli.docker("inspect", orphan).ok()).as("the orphan is gone").isFalse();
            assertThat(DockerCli.docker("inspect", live).ok()).as("a live Dockhand's trial stays").isTrue();
        } finally {
            DockerCli.docker("rm", "-f", orphan, live);
        }
    }
}
