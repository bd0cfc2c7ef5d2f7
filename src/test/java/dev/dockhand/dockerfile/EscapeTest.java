package dev.dockhand.dockerfile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.testing.DockerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each escaping function, fed hostile strings: what it writes parses back (as JSON, by a real shell, by the
 * engine's Dockerfile parser) to the literal value, or the value is refused.
 */
class EscapeTest {

    /** Printable hostile values: quotes, expansions, substitutions, YAML and JSON specials, non-ASCII. */
    static final List<String> HOSTILE = List.of("it's", "say \"hi\"", "back\\slash\\", "${HOME}", "$(id)", "`id`",
            "'; rm -rf / #", "a && b || c", "x]: y", "# not a comment", "- item", "{\"json\": true}", "café ☕",
            "*", "!", "trailing\\", "$PATH", "%s %n");
    /** Values with line breaks and other control characters. */
    static final List<String> CONTROL = List.of("line\nbreak", "cr\rhere", "tab\there", "bell\u0007", "nul\u0000");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void jsonStringsParseBackToTheValueAndStayOnOneLine() throws Exception {
        List<String> all = new ArrayList<>(HOSTILE);
        all.addAll(CONTROL);
        all.add("sep\u2028arators\u2029");
        for (String value : all) {
            String literal = Escape.jsonString(value);
            assertThat(literal).as(value).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028");
            assertThat(JSON.readValue(literal, String.class)).isEqualTo(value);
        }
    }

    @Test
    void javaScriptAndPythonReadTheirLiteralsBackAsTheValue() throws Exception {
        List<String> all = new ArrayList<>(HOSTILE);
        all.addAll(List.of("line\nbreak", "tab\there", "sep\u2028arator"));
        for (String value : all) {
            assertThat(run("node", "-e", "process.stdout.write(" + Escape.javaScriptString(value) + ")")).as(value).isEqualTo(value);
            assertThat(run("python3", "-c", "import sys; sys.stdout.write(" + Escape.pythonString(value) + ")")).as(value)
                    .isEqualTo(value);
        }
        assertThat(Escape.javaScriptString("/healthz")).isEqualTo("'/healthz'");
    }

    private static String run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void theExecFormIsAJsonArrayOfExactlyTheArguments() throws Exception {
        List<String> all = new ArrayList<>(HOSTILE);
        all.addAll(CONTROL);
        String form = Escape.execForm(all);
        assertThat(form.lines()).hasSize(1);
        assertThat(JSON.readValue(form, String[].class)).containsExactlyElementsOf(all);
    }

    @Test
    void aShellWordReachesTheProgramAsTheLiteralValue() throws Exception {
        for (String value : HOSTILE) {
            Process sh = new ProcessBuilder("sh", "-c", "printf '%s' " + Escape.shellWord(value)).redirectErrorStream(true).start();
            String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sh.waitFor()).isZero();
            assertThat(printed).as(value).isEqualTo(value);
        }
        assertThat(Escape.shellWord("plain-word_1.0")).isEqualTo("plain-word_1.0");
        assertThat(Escape.shellWord("-rf")).as("never read as an option").isEqualTo("'-rf'");
        for (String value : CONTROL) {
            assertThatThrownBy(() -> Escape.shellWord(value)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEnvValueIsNeverExpandedAndALineBreakIsRefused() {
        assertThat(Escape.envValue("$(id)")).isEqualTo("\"\\$(id)\"");
        assertThat(Escape.envValue("${HOME}")).isEqualTo("\"\\${HOME}\"");
        assertThat(Escape.envValue("production")).isEqualTo("production");
        for (String value : CONTROL) {
            assertThatThrownBy(() -> Escape.envValue(value)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line break or control character");
        }
    }

    @Test
    void theEngineReadsEveryEnvValueBackLiterally() throws Exception {
        DockerCli.requireEngine();
        // No RUN: the engine parses the ENV lines and records them without starting a container.
        StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
        for (int i = 0; i < HOSTILE.size(); i++) {
            dockerfile.append("ENV V").append(i).append('=').append(Escape.envValue(HOSTILE.get(i))).append('\n');
        }
        Files.writeString(temp.resolve("Dockerfile"), dockerfile);
        String tag = "dockhand-test/escape:" + UUID.randomUUID().toString().substring(0, 8);
        try {
            DockerCli.Result build = DockerCli.docker(temp, 120, "build", "-t", tag, ".");
            assertThat(build.ok()).as(build.output()).isTrue();
            String env = DockerCli.docker("image", "inspect", "--format", "{{json .Config.Env}}", tag).output();
            List<String> read = List.of(JSON.readValue(env.strip(), String[].class));
            for (int i = 0; i < HOSTILE.size(); i++) {
                assertThat(read).as(HOSTILE.get(i)).contains("V" + i + "=" + HOSTILE.get(i));
            }
        } finally {
            DockerCli.docker("rmi", "-f", tag);
        }
    }

    @Test
    void aProjectPathIsWrittenOnlyWhenNoQuotingIsNeededAndRefusedNamingItOtherwise() throws Exception {
        assertThat(Escape.projectPath("The workspace folder", "apps/web-1.0_@scope+x")).isEqualTo("apps/web-1.0_@scope+x");
        for (String path : List.of("apps/my app", "a;b", "$(id)", "../outside", "apps/x\nRUN curl evil", "-rf", "a'b", "")) {
            assertThatThrownBy(() -> Escape.projectPath("The workspace folder", path)).isInstanceOf(GenerationException.class)
                    .hasMessageContaining("The workspace folder \"" + Escape.printable(path) + "\" cannot be written into a Dockerfile");
        }
    }

    @Test
    void aComposedCommandWithAWordAShellWouldReadAsCodeIsRefused() throws Exception {
        assertThat(Escape.composedCommand("The build command", "npx turbo run build --filter=@acme/web... --env-mode=loose"))
                .startsWith("npx turbo");
        assertThatThrownBy(() -> Escape.composedCommand("The build command", "npx turbo run build --filter=x;curl|sh..."))
                .isInstanceOf(GenerationException.class).hasMessageContaining("x;curl|sh");
    }
}
