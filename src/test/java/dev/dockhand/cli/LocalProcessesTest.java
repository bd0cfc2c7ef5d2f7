package dev.dockhand.cli;

import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the local surface: a rehearsal's state file left by a crash names a pid that now belongs
 * to an unrelated process; {@code destroy --target local} treats the rehearsal as gone and never signals it.
 */
@Tag("docker")
class LocalProcessesTest {

    @TempDir
    Path temp;

    private Process unrelated;

    @AfterEach
    void stopUnrelated() {
        if (unrelated != null) {
            unrelated.destroyForcibly();
        }
    }

    private Run destroy(Path project) throws Exception {
        return new DockhandProcess(temp.resolve("runs")).jvmOption("-Ddockhand.state.dir=" + temp.resolve("state"))
                .run("destroy", project.toString(), "--target", "local", "--yes");
    }

    private void staleState(String processStart) throws Exception {
        Files.createDirectories(temp.resolve("state"));
        Files.writeString(temp.resolve("state/node-npm.json"), "{\"name\":\"node-npm\",\"pid\":" + unrelated.pid()
                + ",\"url\":\"http://127.0.0.1:9\",\"controlPort\":9,\"spec\":null,\"token\":\"t0k3n\""
                + (processStart == null ? "" : ",\"processStart\":\"" + processStart + "\"") + "}");
    }

    @Test
    void aStateFileWhosePidWasReusedLeavesThatProcessRunning() throws Exception {
        DockerCli.requireEngine();
        Path project = Fixtures.copy("node-npm", temp);
        unrelated = new ProcessBuilder("sleep", "300").start();
        staleState("2026-01-01T00:00:00Z"); // the crashed rehearsal started long before this pid's process

        Run run = destroy(project);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(unrelated.isAlive()).as("the unrelated process got no signal").isTrue();
        assertThat(temp.resolve("state/node-npm.json")).as("the gone rehearsal's state is removed").doesNotExist();
    }

    @Test
    void aStateFileOfAnEarlierVersionWithoutAStartTimeIsJudgedByTheCommandLine() throws Exception {
        DockerCli.requireEngine();
        Path project = Fixtures.copy("node-npm", temp);
        unrelated = new ProcessBuilder("sleep", "300").start();
        staleState(null);

        Run run = destroy(project);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(unrelated.isAlive()).as("`sleep 300` is no rehearsal-daemon").isTrue();
    }
}
