package dev.dockhand.dockerfile;

import dev.dockhand.project.Finding;
import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.project.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start script with a line break would end the CMD line of the Dockerfile and start an instruction of
 * its own (`RUN touch /tmp/INJECTED`): it is refused with a finding, and no start command is made of it.
 */
class StartScriptLinesTest {

    @TempDir
    Path project;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\n", "\\r\\n", "\\r", "\\u2028"})
    void aStartScriptWithALineBreakIsRefusedAndBuildsNoCmd(String lineBreak) throws Exception {
        // The break is written as a JSON escape, as it would appear in package.json.
        Files.writeString(project.resolve("package.json"), "{\"name\":\"shop\",\"version\":\"1.0.0\",\"scripts\":{\"start\":"
                + "\"node server.js" + lineBreak + "RUN touch /tmp/INJECTED\"},\"dependencies\":{}}");
        Files.writeString(project.resolve("package-lock.json"), "{\"name\":\"shop\",\"version\":\"1.0.0\",\"lockfileVersion\":3,"
                + "\"requires\":true,\"packages\":{\"\":{\"name\":\"shop\",\"version\":\"1.0.0\"}}}");
        Files.writeString(project.resolve("server.js"), "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n");

        ProjectAnalysis analysis = new ProjectAnalyzer().analyze(project);

        assertThat(analysis.findings()).filteredOn(f -> f.id().equals("multiline-start-script")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR))
                .extracting(Finding::message).asString().contains("spans several lines");
        assertThat(String.valueOf(analysis.startCommand())).doesNotContain("INJECTED");
        assertThatThrownBy(() -> new DockerfileGenerator().propose(analysis)).isInstanceOf(GenerationException.class);
    }
}
