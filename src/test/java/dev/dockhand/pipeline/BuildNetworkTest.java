package dev.dockhand.pipeline;

import dev.dockhand.dockerfile.DockerfileGenerator;
import dev.dockhand.dockerfile.DockerfileWriter;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code build.network} in dockhand.yaml reaches the engine's build (docker-java's network mode): on this
 * machine only the host network reaches the npm registry, so the dependencies install only through it.
 */
@Tag("docker")
class BuildNetworkTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        DockerCli.requireEngine();
    }

    @Test
    void theBuildNetworkFromDockhandYamlLetsRunStepsReachTheRegistry() throws Exception {
        Path project = Fixtures.copy("node-fastify-autoload", temp);
        Files.writeString(project.resolve(ProjectSettings.FILE), "build:\n  network: host\n");
        new DockerfileWriter().write(project, new DockerfileGenerator().propose(new ProjectAnalyzer().analyze(project)), false);
        List<String> log = new CopyOnWriteArrayList<>();
        String reference = "dockhand-test/network:" + UUID.randomUUID().toString().substring(0, 8);
        try (ImageSteps steps = ImageSteps.connect()) {
            steps.build(project, reference, new StepListener() {
                @Override
                public void log(String line) {
                    log.add(line);
                }
            });
            assertThat(log).contains("Build network: host");
            assertThat(String.join("\n", log)).containsPattern("added \\d+ packages");
            String fastify = DockerCli.docker("run", "--rm", "--entrypoint", "node", reference, "-p",
                    "require('fastify/package.json').version").output().strip();
            assertThat(fastify).matches("5\\.\\d+\\.\\d+");
        } finally {
            DockerCli.docker("rmi", "-f", reference);
        }
    }
}
