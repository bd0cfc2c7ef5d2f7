package dev.dockhand.cli;

import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files and sockets the user may not open, as a user without special rights meets them. The CLI runs as a
 * separate process; run as root (as CI is), it drops root's power to ignore file permissions first, so
 * the permission bits mean what they mean to everyone else.
 */
class PermissionsTest {

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void project() throws Exception {
        project = Fixtures.copy("node-npm", temp.resolve("work"));
        Files.writeString(project.resolve("Dockerfile"), "FROM node:20\n");
    }

    @AfterEach
    void readableAgain() throws Exception {
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private DockhandProcess dockhand() {
        DockhandProcess process = new DockhandProcess(temp.resolve("runs")).timeoutSeconds(60)
                .jvmOption("-Duser.home=" + temp.resolve("home"), "-Ddockhand.state.dir=" + temp.resolve("state"));
        if ("root".equals(System.getProperty("user.name"))) {
            process.prefix("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--");
        }
        return process;
    }

    @Test
    void anUnreadableFolderIsSaidToBeUnreadableNotToLackADockerfile() throws Exception {
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("---------"));

        for (String command : new String[] {"analyze", "build", "dockerfile"}) {
            Run run = dockhand().run(command, project.toString());
            assertThat(run.exitCode()).as(command + ": " + run.all()).isEqualTo(2);
            assertThat(run.err()).as(command).contains("Cannot read the folder " + project.toRealPath() + ": permission denied")
                    .contains("ls -ld").doesNotContain("There is no Dockerfile").doesNotContain("Exception");
        }
    }

    @Test
    void aDockerSocketThisUserMayNotOpenIsNotCalledAStoppedEngine() throws Exception {
        Path socket = temp.resolve("docker.sock");
        try (ServerSocketChannel engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            engine.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));

            Run run = dockhand().environment(env -> env.put("DOCKER_HOST", "unix://" + socket)).run("build", project.toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.err()).contains("may not use the Docker engine's socket unix://" + socket + " (DOCKER_HOST): permission denied")
                    .contains("sudo usermod -aG docker $USER").doesNotContain("not running");
        }
    }
}
