package dev.dockhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as users run it: a separate JVM on the test classpath, with its own options and environment,
 * its output captured to files in {@code workDir}.
 */
public final class DockhandProcess {

    /** What one run printed and how it ended. */
    public record Run(int exitCode, String out, String err) {

        public String all() {
            return out + err;
        }

        /** The last JSON object the run printed on a line of its own (the --json result). */
        public JsonNode lastJson() throws IOException {
            return new ObjectMapper().readTree(out.substring(out.lastIndexOf("\n{") + 1));
        }
    }

    private final Path workDir;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Consumer<Map<String, String>> environment = env -> { };
    private long timeoutSeconds = 240;

    public DockhandProcess(Path workDir) {
        this.workDir = workDir;
    }

    /** A command the JVM runs under, e.g. {@code setpriv ...}. */
    public DockhandProcess prefix(String... command) {
        prefix.addAll(List.of(command));
        return this;
    }

    public DockhandProcess jvmOption(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Edits the inherited environment before each run. */
    public DockhandProcess environment(Consumer<Map<String, String>> edit) {
        environment = environment.andThen(edit);
        return this;
    }

    public DockhandProcess timeoutSeconds(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    public Run run(String... args) throws IOException, InterruptedException {
        return start(args).finish();
    }

    /** A run that has started and not been waited for: its process, to signal or wait for. */
    public final class Started {
        private final Process process;
        private final Path out;
        private final Path err;
        private final String[] args;

        private Started(Process process, Path out, Path err, String[] args) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.args = args;
        }

        public Process process() {
            return process;
        }

        /** Waits for the run to end (within the timeout) and returns what it printed. */
        public Run finish() throws IOException, InterruptedException {
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("dockhand " + String.join(" ", args) + " finished within " + timeoutSeconds + " s").isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    /** Starts the CLI and returns at once. */
    public Started start(String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add("dev.dockhand.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.accept(builder.environment());
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        return new Started(process, out, err, args);
    }
}
