package dev.dockhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy, status, load and destroy with --target local, as separate processes: the rehearsal keeps
 * running in its background process between commands, and destroy cleans up even after that process
 * was killed.
 */
@Tag("docker")
class LocalRehearsalCommandsTest {

    @TempDir
    static Path temp;

    private static final String IMAGE = "dockhand-test/rehearse:" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void image() {
        DockerCli.requireEngine();
        DockerCli.Result build = DockerCli.docker(Fixtures.trial("scaling", temp), 300, "build", "-t", IMAGE, ".");
        assertThat(build.ok()).as(build.output()).isTrue();
    }

    @AfterAll
    static void removeImage() {
        DockerCli.docker("rmi", "-f", IMAGE);
    }

    private Run dockhand(String... args) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state")).run(args);
    }

    private static List<String> ids(JsonNode tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.get("id").asText()));
        return ids;
    }

    private static List<String> containers(String name) {
        String ids = DockerCli.docker("ps", "-aq", "--filter", "label=dev.dockhand.rehearsal=" + name).output().strip();
        return ids.isEmpty() ? List.of() : ids.lines().toList();
    }

    @Test
    void deployRunsInTheBackgroundStatusSeesItAndDestroyCleansUpAfterACrash() throws Exception {
        Path project = Fixtures.trial("scaling", Files.createDirectories(temp.resolve("project")));
        Run deploy = dockhand("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--json",
                "--desired", "2", "--min", "2", "--max", "3", "--health-interval", "1", "--wait-timeout", "120");

        assertThat(deploy.exitCode()).as(deploy.out() + deploy.err()).isZero();
        JsonNode result = deploy.lastJson();
        String url = result.get("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(result.get("tasks")).hasSize(2);
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).as("the target is recorded as the wizard records it")
                .containsPattern("(?m)^target: local$");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        Run status = dockhand("status", project.toString(), "--target", "local", "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode snapshot = new ObjectMapper().readTree(status.out());
        assertThat(snapshot.get("desired").asInt()).isEqualTo(2);
        assertThat(snapshot.get("running").asInt()).isEqualTo(2);
        assertThat(snapshot.get("pending").asInt()).isZero();
        assertThat(snapshot.get("tasks").get(0).fieldNames()).toIterable().contains("id", "status", "health", "startedAt");
        assertThat(snapshot.get("events").size()).isPositive();
        assertThat(snapshot.has("activities")).isTrue();
        assertThat(snapshot.has("cpu")).isTrue();
        String name = snapshot.get("service").asText();
        assertThat(containers(name)).hasSize(2);

        // The monitoring window's log tail: each replica's start line with its task, then only what is new.
        try (ServiceWatch watch = ServiceWatch.local(name)) {
            assertThat(watch.actions()).contains(ServiceWatch.Action.LOGS);
            List<LogLine> first = watch.newLogLines();
            assertThat(first).filteredOn(line -> line.message().equals("listening on 3000")).extracting(LogLine::stream)
                    .as(first.toString()).containsExactlyInAnyOrderElementsOf(ids(snapshot.get("tasks")));
            String marker = "marker-" + UUID.randomUUID();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/log?text=" + marker)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("logged");
            List<LogLine> next = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the engine may take a moment to have the line
            while (next.isEmpty() && System.nanoTime() < deadline) {
                next.addAll(watch.newLogLines());
                Thread.sleep(next.isEmpty() ? 200 : 0);
            }
            assertThat(next).extracting(LogLine::message).as("only the new line").containsExactly(marker);
            assertThat(ids(snapshot.get("tasks"))).contains(next.get(0).stream());
        }

        Run load = dockhand("load", project.toString(), "--target", "local", "--seconds", "2", "--clients", "2");
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).contains("requests (0 failed)");

        Path stateFile = temp.resolve("state").resolve(name + ".json");
        JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
        // The control port takes commands only with the token, to its own address, by POST; a web page has none of these.
        int port = state.get("controlPort").asInt();
        String token = state.get("token").asText();
        assertThat(token).hasSize(64);
        assertThat(Files.getPosixFilePermissions(stateFile)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("state"))))
                .isEqualTo("rwx------");
        assertThat(control(port, "GET /stop", "127.0.0.1:" + port, token)).startsWith("HTTP/1.1 403");
        assertThat(control(port, "POST /stop", "127.0.0.1:" + port, null)).startsWith("HTTP/1.1 403");
        assertThat(control(port, "POST /stop", "127.0.0.1:" + port, "0".repeat(64))).startsWith("HTTP/1.1 403");
        assertThat(control(port, "POST /desired?count=3", "rebound.example:" + port, token)).startsWith("HTTP/1.1 403");
        assertThat(control(port, "GET /update?image=evil", "127.0.0.1:" + port, null)).startsWith("HTTP/1.1 403");
        assertThat(control(port, "GET /status", "127.0.0.1:" + port, token)).startsWith("HTTP/1.1 200");
        assertThat(containers(name)).as("nothing was stopped").hasSize(2);
        // Its own session: a hang-up or a timeout that kills the deploy's process group does not reach it.
        assertThat(session(state.get("pid").asLong())).isNotEqualTo(session(ProcessHandle.current().pid()));
        ProcessHandle.of(state.get("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(1000);

        // A deploy after the process was killed removes its orphaned replicas before starting new ones.
        Run again = dockhand("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--desired", "2", "--min", "2",
                "--max", "3", "--health-interval", "1", "--wait-timeout", "120");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Removed 2 replica(s) left by a rehearsal process that is gone");
        assertThat(containers(name)).hasSize(2);
        state = new ObjectMapper().readTree(stateFile.toFile());
        ProcessHandle.of(state.get("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(1000);

        Run refused = dockhand("destroy", project.toString(), "--target", "local");
        assertThat(refused.exitCode()).isEqualTo(2);
        Run destroy = dockhand("destroy", project.toString(), "--target", "local", "--yes");
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(containers(name)).isEmpty();

        Run gone = dockhand("status", project.toString(), "--target", "local", "--json");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).contains("No local rehearsal named " + name + " is running");
    }

    /** One raw HTTP/1.1 request, so the Host header can be anything; the status line and headers come back. */
    private static String control(int port, String requestLine, String host, String token) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (token == null ? "" : "X-Dockhand-Token: " + token + "\r\n") + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSecondDeployWhileOneIsStartingSaysSoAndStartsNoSecondProcess() throws Exception {
        Path project = Fixtures.trial("scaling", Files.createDirectories(temp.resolve("second")));
        Path state = Files.createDirectories(temp.resolve("state"));
        String name = project.getFileName().toString();
        // Another deploy's background process holds the rehearsal's lock and has not written its state yet.
        try (var channel = java.nio.channels.FileChannel.open(state.resolve(name + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            List<String> before = containers(name);
            Run second = dockhand("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--wait-timeout", "30");
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains("A rehearsal of " + name + " is already starting");
            assertThat(containers(name)).as("no replica started").isEqualTo(before);
        }
    }

    /** A copy of the scaling fixture in a folder of its own name, so its service (named after it) is this test's alone. */
    private static Path project(String prefix) throws Exception {
        Path copy = Fixtures.trial("scaling", Files.createDirectories(temp.resolve(prefix)));
        return Files.move(copy, copy.resolveSibling(prefix + "-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    /** The background rehearsal processes running for the rehearsal {@code name}, from their command lines in /proc. */
    private static List<Long> daemons(String name) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String commandLine;
                try {
                    commandLine = Files.readString(process.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (java.io.IOException gone) {
                    continue;
                }
                if (commandLine.contains(" rehearsal-daemon ") && commandLine.contains("/" + name + ".spec.json ")
                        && running(Long.parseLong(process.getFileName().toString()))) {
                    pids.add(Long.parseLong(process.getFileName().toString()));
                }
            }
        }
        return pids;
    }

    @Test
    void twoDeploysStartedAtOnceStartOneRehearsalAndTheSecondSaysItIsStarting() throws Exception {
        Path project = project("race");
        String name = project.getFileName().toString();
        DockhandProcess cli = new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"));
        try {
            // Different counts, so the spec file and the replicas tell whose rehearsal runs.
            DockhandProcess.Started two = cli.start("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--desired",
                    "2", "--min", "1", "--max", "3", "--health-interval", "1", "--wait-timeout", "120");
            DockhandProcess.Started one = cli.start("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--desired",
                    "1", "--min", "1", "--max", "3", "--health-interval", "1", "--wait-timeout", "120");
            Run first = two.finish();
            Run second = one.finish();

            List<Run> runs = List.of(first, second);
            assertThat(runs).extracting(Run::exitCode).as(first.all() + "\n----\n" + second.all()).containsExactlyInAnyOrder(0, 2);
            Run winner = first.exitCode() == 0 ? first : second;
            Run loser = first.exitCode() == 0 ? second : first;
            int desired = winner == first ? 2 : 1;
            assertThat(loser.err()).contains("A rehearsal of " + name + " is already starting");
            assertThat(winner.out()).doesNotContain("Removed");
            assertThat(daemons(name)).as("one background process").hasSize(1);
            JsonNode spec = new ObjectMapper().readTree(temp.resolve("state").resolve(name + ".spec.json").toFile());
            assertThat(spec.get("desired").asInt()).as("the spec file is the one the running rehearsal was started with")
                    .isEqualTo(desired);
            Run status = dockhand("status", project.toString(), "--target", "local", "--json");
            JsonNode snapshot = new ObjectMapper().readTree(status.out());
            assertThat(snapshot.get("desired").asInt()).isEqualTo(desired);
            List<String> stopped = new ArrayList<>();
            snapshot.get("tasks").forEach(t -> {
                if (t.get("status").asText().equals("STOPPED")) {
                    stopped.add(t.get("id").asText() + ": " + t.get("stoppedReason").asText());
                }
            });
            assertThat(stopped).as("no replica of the running rehearsal was removed").isEmpty();
            assertThat(containers(name)).hasSize(desired);
            assertThat(temp.resolve("state").resolve(name + ".starting")).as("the start claim is given up").doesNotExist();
        } finally {
            dockhand("destroy", project.toString(), "--target", "local", "--yes");
        }
        assertThat(containers(name)).isEmpty();
    }

    @Test
    void aDeployWhoseReplicasCannotBeStartedEndsWithTheReasonInsteadOfWaiting() throws Exception {
        Path project = project("unplaced");
        String name = project.getFileName().toString();
        String missing = "dockhand-test/absent:" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // The wait timeout is longer than the process may take: only the placement failure can end it in time.
            Run deploy = new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                    .timeoutSeconds(120).run("deploy", project.toString(), "--target", "local", "--image", missing,
                            "--wait-timeout", "900");
            assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(1);
            assertThat(deploy.err()).contains("No replica could be started: The image " + missing + " does not exist on this "
                    + "Docker engine");
        } finally {
            dockhand("destroy", project.toString(), "--target", "local", "--yes");
        }
    }

    @Test
    void theRehearsalOutlivesTheDeploysProcessGroupAndDestroyStopsIt() throws Exception {
        Path project = project("detached");
        String name = project.getFileName().toString();
        Path stateFile = temp.resolve("state").resolve(name + ".json");
        // The deploy leads a process group of its own, as a shell's job does; killing the group kills all it did not detach.
        DockhandProcess.Started deploy = new DockhandProcess(temp.resolve("runs")).prefix("setsid")
                .jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                .start("deploy", project.toString(), "--target", "local", "--image", IMAGE, "--health-interval", "1",
                        "--wait-timeout", "120");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(stateFile) && deploy.process().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(stateFile).as("the rehearsal started").exists();
            long group = deploy.process().pid();
            Process killer = new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true).start();
            assertThat(killer.waitFor()).as(new String(killer.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            assertThat(deploy.process().waitFor(30, TimeUnit.SECONDS)).as("the deploy was killed").isTrue();

            JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
            long daemon = state.get("pid").asLong();
            assertThat(running(daemon)).as("the rehearsal process lives").isTrue();
            Run status = dockhand("status", project.toString(), "--target", "local", "--json");
            assertThat(status.exitCode()).as(status.all()).isZero();
            // It keeps serving: the balancer answers once a replica is healthy.
            String url = state.get("url").asText();
            int answered = 0;
            while (answered == 0 && System.nanoTime() < deadline) {
                try {
                    answered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200 ? 1 : 0;
                } catch (java.io.IOException notYet) {
                    // the balancer answers 503 or not at all until a replica is healthy
                }
                Thread.sleep(answered == 0 ? 200 : 0);
            }
            assertThat(answered).as("the rehearsal answers after its deploy's process group was killed").isEqualTo(1);

            Run destroy = dockhand("destroy", project.toString(), "--target", "local", "--yes");
            assertThat(destroy.exitCode()).as(destroy.all()).isZero();
            assertThat(running(daemon)).as("destroy stopped it").isFalse();
            assertThat(containers(name)).isEmpty();
            assertThat(stateFile).doesNotExist();
        } finally {
            deploy.process().destroyForcibly();
            dockhand("destroy", project.toString(), "--target", "local", "--yes");
        }
    }

    /** True while the process runs: a zombie (killed, its parent gone, nothing reaping it here) does not. */
    private static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
    }

    /** The session id of a process, field 6 of /proc/PID/stat (after the command name in parentheses). */
    private static String session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }
}
