package dev.dockhand.local;

import dev.dockhand.docker.Containers;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The rehearsal on the real engine: round robin, self-healing, CPU scaling out and in, draining, clean-up. */
@Tag("docker")
class RehearsalTest {

    @TempDir
    static Path temp;

    private static final String IMAGE = "dockhand-test/scaling:" + UUID.randomUUID().toString().substring(0, 8);
    private static DockerEngine engine;
    private final HttpClient http = HttpClient.newHttpClient();
    private Rehearsal rehearsal;

    @BeforeAll
    static void image() throws Exception {
        DockerCli.requireEngine();
        DockerCli.Result build = DockerCli.docker(Fixtures.trial("scaling", temp), 300, "build", "-t", IMAGE, ".");
        assertThat(build.ok()).as(build.output()).isTrue();
        engine = DockerEngine.connect();
    }

    @AfterAll
    static void removeImage() {
        DockerCli.docker("rmi", "-f", IMAGE);
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void stop() {
        if (rehearsal != null) {
            rehearsal.close();
        }
    }

    private Rehearsal start(int desired, int min, int max, int cpuTarget, Duration scaleIn, Duration drain) throws Exception {
        String name = "rh-" + UUID.randomUUID().toString().substring(0, 6);
        RehearsalSpec spec = new RehearsalSpec(name, IMAGE, 3000, "/health", 256, 256, desired, min, max, cpuTarget,
                Duration.ofSeconds(2), scaleIn, new RehearsalSpec.HealthCheck(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2, dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER), drain, Duration.ofSeconds(2), Duration.ofSeconds(60), 0);
        rehearsal = new Rehearsal(new Containers(engine), spec, Clock.systemUTC());
        rehearsal.start();
        assertThat(rehearsal.awaitHealthy(Duration.ofSeconds(90))).as("replicas healthy").isTrue();
        return rehearsal;
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(rehearsal.url() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @Test
    void twoReplicasAnswerInTurn() throws Exception {
        start(2, 2, 3, 50, Duration.ofSeconds(60), Duration.ofSeconds(2));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(get("/"));
        }
        assertThat(new HashSet<>(answers)).as(answers + " " + rehearsal.snapshot().tasks() + " " + rehearsal.snapshot().targets()).hasSize(2);
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("round robin").isNotEqualTo(answers.get(i - 1));
        }
        ServiceSnapshot snapshot = rehearsal.snapshot();
        assertThat(snapshot.running()).isEqualTo(2);
        assertThat(snapshot.targets()).extracting(t -> t.state()).containsOnly("healthy");
        // Each replica saw its health checks as a target group sends them.
        assertThat(get("/last-health-check")).isEqualTo("{\"userAgent\":\"ELB-HealthChecker/2.0\",\"httpVersion\":\"1.1\","
                + "\"method\":\"GET\",\"upgrade\":null}");
    }

    @Test
    void aKilledReplicaIsReplaced() throws Exception {
        start(2, 2, 3, 50, Duration.ofSeconds(60), Duration.ofSeconds(2));
        String victim = rehearsal.snapshot().tasks().get(0).id();

        assertThat(rehearsal.kill(victim)).isTrue();

        waitFor(() -> rehearsal.snapshot().tasks().stream().filter(t -> t.status().equals("RUNNING") && t.health().equals("HEALTHY")
                && !t.id().equals(victim)).count() == 2, Duration.ofSeconds(60));
        ServiceSnapshot snapshot = rehearsal.snapshot();
        TaskInfo stopped = snapshot.tasks().stream().filter(t -> t.id().equals(victim)).findFirst().orElseThrow();
        assertThat(stopped.status()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).contains("Essential container in task exited");
        assertThat(snapshot.tasks().stream().filter(t -> t.status().equals("RUNNING") && t.health().equals("HEALTHY")).count()).isEqualTo(2);
        assertThat(snapshot.events()).extracting(e -> e.message()).anyMatch(m -> m.contains("has stopped 1 running tasks: (task " + victim))
                .anyMatch(m -> m.contains("has started 1 tasks"));
    }

    @Test
    void cpuLoadScalesOutAndBackIn() throws Exception {
        start(1, 1, 3, 30, Duration.ofSeconds(4), Duration.ofSeconds(1));
        CompletableFuture<LoadGenerator.Report> load = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadGenerator.run(URI.create(rehearsal.url() + "/burn?ms=40"), Duration.ofSeconds(40), 4);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitFor(() -> rehearsal.snapshot().desired() >= 2 || load.isDone(), Duration.ofSeconds(45));
        assertThat(rehearsal.snapshot().desired()).as("scaled out under load").isGreaterThanOrEqualTo(2);
        assertThat(rehearsal.snapshot().activities()).anyMatch(a -> a.cause().contains("AlarmHigh") && a.status().equals("Successful"));
        load.join();

        waitFor(() -> rehearsal.snapshot().desired() == 1, Duration.ofSeconds(90));
        ServiceSnapshot after = rehearsal.snapshot();
        assertThat(after.desired()).as("scaled back in after the load").isEqualTo(1);
        assertThat(after.activities()).anyMatch(a -> a.cause().contains("AlarmLow"));
        assertThat(after.cpu()).isNotEmpty();
    }

    @Test
    void requestsInFlightDuringScaleInComplete() throws Exception {
        start(2, 1, 3, 50, Duration.ofSeconds(600), Duration.ofSeconds(10));
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // round robin puts one on each replica
            slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(rehearsal.url() + "/slow?ms=3000")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);

        rehearsal.setDesired(1);

        for (CompletableFuture<HttpResponse<String>> response : slow) {
            assertThat(response.get().statusCode()).isEqualTo(200);
            assertThat(response.get().body()).startsWith("slow ");
        }
        waitFor(() -> rehearsal.snapshot().tasks().stream().anyMatch(t -> t.status().equals("STOPPED")), Duration.ofSeconds(30));
        assertThat(rehearsal.snapshot().running()).isEqualTo(1);
        assertThat(rehearsal.snapshot().tasks()).anyMatch(t -> t.status().equals("STOPPED")
                && t.stoppedReason().contains("Scaling activity"));
    }

    @Test
    void aRollingUpdateKeepsTheServiceAnswering() throws Exception {
        start(2, 2, 3, 50, Duration.ofSeconds(600), Duration.ofSeconds(1));
        String second = IMAGE + "-v2";
        DockerCli.docker("tag", IMAGE, second);
        try {
            CompletableFuture<Void> update = rehearsal.update(second);
            Set<Integer> statuses = new HashSet<>();
            while (!update.isDone()) {
                statuses.add(http.send(HttpRequest.newBuilder(URI.create(rehearsal.url() + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                Thread.sleep(100);
            }
            update.join();
            assertThat(statuses).containsOnly(200);
            assertThat(rehearsal.snapshot().tasks().stream().filter(t -> t.status().equals("RUNNING")).count()).isEqualTo(2);
            assertThat(rehearsal.snapshot().deployments().get(0).image()).isEqualTo(second);
        } finally {
            rehearsal.close();
            rehearsal = null;
            DockerCli.docker("rmi", second);
        }
    }

    @Test
    void closingLeavesNoContainerBehind() throws Exception {
        Rehearsal running = start(2, 1, 3, 50, Duration.ofSeconds(60), Duration.ofSeconds(1));
        String name = running.name();
        running.close();
        rehearsal = null;
        assertThat(new Containers(engine).labelled(Rehearsal.LABEL, name)).isEmpty();
    }
}
