package dev.dockhand.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker command line, for tests that check generated files against the real engine. Whether such
 * tests may skip is set by {@code -Ddockhand.docker.tests}: "required" (CI) fails them without an engine,
 * "auto" (default) skips them.
 */
public final class DockerCli {

    private DockerCli() {
    }

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Skips (or, where required, fails) the calling test when no Docker engine answers. */
    public static void requireEngine() {
        boolean available = run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), null, 30).ok();
        if (!available && "required".equals(System.getProperty("dockhand.docker.tests"))) {
            throw new AssertionError("No Docker engine answers, but Docker tests are required here. "
                    + "Start it (see .ci/docker-engine.sh).");
        }
        Assumptions.assumeTrue(available, "no Docker engine");
    }

    public static Result docker(Path directory, long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return run(command, directory, timeoutSeconds);
    }

    public static Result docker(String... args) {
        return docker(null, 120, args);
    }

    private static Result run(List<String> command, Path directory, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        // The classic builder: what Debian's engine has, and what generated files must also build with.
        builder.environment().put("DOCKER_BUILDKIT", "0");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
