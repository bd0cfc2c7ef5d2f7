package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.project.Stack;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture's generated files equal the reviewed golden copies in src/test/resources/golden. After a
 * deliberate change to generation, rewrite them with {@code mvn test -Dtest=GoldenDockerfileTest
 * -Ddockhand.updateGolden=true} and review the diff.
 */
class GoldenDockerfileTest {

    @TempDir
    Path temp;

    static Stream<String> fixturesWithAProposal() throws Exception {
        return Fixtures.names().stream().filter(name -> {
            try {
                ProjectAnalysis analysis = new ProjectAnalyzer().analyze(Fixtures.root().resolve(name));
                return analysis.stack() != Stack.DOCKERFILE && analysis.startCommand() != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithAProposal")
    void generatedFilesMatchGolden(String fixture) throws Exception {
        Path project = Fixtures.copy(fixture, temp);
        Proposal proposal = new DockerfileGenerator().propose(new ProjectAnalyzer().analyze(project));

        Path golden = Path.of("src/test/resources/golden", fixture);
        if (Boolean.getBoolean("dockhand.updateGolden")) {
            Files.createDirectories(golden);
            Files.writeString(golden.resolve("Dockerfile"), proposal.dockerfile());
            Files.writeString(golden.resolve("dockerignore"), proposal.dockerignore());
        }
        assertThat(proposal.dockerfile()).isEqualTo(Files.readString(golden.resolve("Dockerfile")));
        assertThat(proposal.dockerignore()).isEqualTo(Files.readString(golden.resolve("dockerignore")));
    }
}
