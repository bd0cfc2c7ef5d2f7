package dev.dockhand.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture project analyses to the result recorded in src/test/resources/expected/NAME.json. */
class AnalysisCorpusTest {

    @TempDir
    Path temp;

    static Stream<String> fixturesWithExpectations() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.resource("expected"))) {
            return files.map(f -> f.getFileName().toString().replace(".json", "")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithExpectations")
    void analysisMatchesExpectation(String fixture) throws Exception {
        JsonNode expected = new ObjectMapper().readTree(Fixtures.resource("expected/" + fixture + ".json").toFile());
        Path project = Fixtures.copy(fixture, temp);

        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);

        assertThat(analysis.stack().id()).isEqualTo(expected.get("stack").asText());
        assertThat(analysis.framework()).isEqualTo(text(expected, "framework"));
        assertThat(analysis.runtimeVersion()).isEqualTo(text(expected, "runtimeVersion"));
        assertThat(analysis.packageManager()).isEqualTo(text(expected, "packageManager"));
        assertThat(analysis.buildTool()).isEqualTo(text(expected, "buildTool"));
        assertThat(analysis.startCommand()).isEqualTo(text(expected, "startCommand"));
        assertThat(analysis.buildCommand()).isEqualTo(text(expected, "buildCommand"));
        assertThat(analysis.port()).isEqualTo(expected.get("port").asInt());
        assertThat(analysis.healthPath()).isEqualTo(text(expected, "healthPath"));
        assertThat(analysis.appDirectory()).isEqualTo(expected.get("appDirectory").asText());
        assertThat(analysis.workspaces()).containsExactlyElementsOf(strings(expected.get("workspaces")));
        assertThat(analysis.hasDockerfile()).isEqualTo(expected.get("hasDockerfile").asBoolean());
        TreeSet<String> findings = new TreeSet<>();
        for (Finding f : analysis.findings()) {
            findings.add(f.id() + (f.file() == null ? "" : "@" + f.file()) + (f.line() == null ? "" : ":" + f.line()));
        }
        assertThat(findings).containsExactlyInAnyOrderElementsOf(strings(expected.get("findings")));
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).isNull() ? null : node.get(field).asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
