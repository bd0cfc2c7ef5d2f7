package dev.dockhand.project;

import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a clear message or a sensible result: never a stack trace, a hang or a changed file. */
class BadInputTest {

    @TempDir
    Path temp;

    private final ProjectAnalyzer analyzer = new ProjectAnalyzer();

    @Test
    void missingFolderIsNamed() {
        Path missing = temp.resolve("nope");
        assertThatThrownBy(() -> analyzer.analyze(missing))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void fileInsteadOfFolderIsNamed() throws Exception {
        Path file = Files.writeString(temp.resolve("package.json"), "{}");
        assertThatThrownBy(() -> analyzer.analyze(file))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void emptyFolderSaysWhatToChoose() {
        assertThatThrownBy(() -> analyzer.analyze(temp))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("has no files")
                .hasMessageContaining("package.json");
    }

    @Test
    void folderWithoutAnAppSaysWhatWasLookedFor() throws Exception {
        Files.writeString(temp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> analyzer.analyze(temp))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("No app found")
                .hasMessageContaining("add a Dockerfile");
    }

    @Test
    void malformedPackageJsonNamesFileAndLine() {
        Path project = Fixtures.copy("broken-package-json", temp);
        String before = Fixtures.snapshot(project);
        assertThatThrownBy(() -> analyzer.analyze(project))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("package.json is not valid JSON at line 5");
        assertThat(Fixtures.snapshot(project)).isEqualTo(before);
    }

    @Test
    void packageJsonThatIsNotAnObject() throws Exception {
        Files.writeString(temp.resolve("package.json"), "[1, 2]");
        assertThatThrownBy(() -> analyzer.analyze(temp))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("does not hold a JSON object");
    }

    @Test
    void noStartScriptIsAnErrorFindingWithTheFix() throws Exception {
        ProjectAnalysis analysis = analyzer.analyze(Fixtures.copy("node-no-start", temp));
        assertThat(analysis.startCommand()).isNull();
        assertThat(analysis.findings()).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("no-start-command");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.fix()).contains("\"start\"");
        });
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void symlinkLoopsAreNotFollowed() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.createDirectories(project.resolve("a/b"));
        Files.createSymbolicLink(project.resolve("a/b/loop"), project.resolve("a"));
        Files.createSymbolicLink(project.resolve("self"), project);
        Files.createSymbolicLink(project.resolve("dangling.js"), project.resolve("missing.js"));

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.stack()).isEqualTo(Stack.NODE);
        assertThat(analysis.filesVisited()).isLessThan(20);
    }

    @Test
    void binaryFilesAreSkipped() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        Files.write(project.resolve("blob.js"), noise);
        Files.write(project.resolve("image.png"), noise);
        Files.write(project.resolve("big.js"), new byte[2_000_000]);

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.startCommand()).isEqualTo("node server.js");
        assertThat(analysis.healthPath()).isEqualTo("/health");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hugeTreeIsCutOffWithANote() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Path generated = project.resolve("generated");
        for (int dir = 0; dir < 200; dir++) {
            Path d = Files.createDirectories(generated.resolve("d" + dir));
            for (int file = 0; file < 1000; file++) {
                Files.createFile(d.resolve("f" + file + ".txt"));
            }
        }

        ProjectAnalysis analysis = analyzer.analyze(project);

        assertThat(analysis.stack()).isEqualTo(Stack.NODE);
        assertThat(analysis.filesVisited()).isEqualTo(ProjectFiles.MAX_ENTRIES);
        assertThat(analysis.hasFinding("large-tree")).isTrue();
    }

    @Test
    void analysisChangesNothing() throws Exception {
        for (String fixture : Fixtures.names()) {
            Path project = Fixtures.copy(fixture, temp);
            String before = Fixtures.snapshot(project);
            try {
                analyzer.analyze(project);
            } catch (AnalysisException expectedForBrokenFixtures) {
                // the broken fixtures fail; they must not change either
            }
            assertThat(Fixtures.snapshot(project)).as(fixture).isEqualTo(before);
        }
    }
}
