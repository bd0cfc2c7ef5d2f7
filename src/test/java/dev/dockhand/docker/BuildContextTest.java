package dev.dockhand.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuildContextTest {

    @TempDir
    Path project;

    @Test
    void honoursDockerignoreButAlwaysSendsTheDockerfile() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(project.resolve(".dockerignore"), "Dockerfile\n.dockerignore\nnode_modules\n.env\n");
        Files.writeString(project.resolve(".env"), "SECRET=1\n");
        Files.writeString(project.resolve("server.js"), "console.log(1)\n");
        Files.createDirectories(project.resolve("node_modules/x"));
        Files.writeString(project.resolve("node_modules/x/index.js"), "x".repeat(100_000));
        Path script = Files.writeString(project.resolve("run.sh"), "#!/bin/sh\n");
        script.toFile().setExecutable(true);

        try (BuildContext context = BuildContext.pack(project, "Dockerfile")) {
            List<String> names = new ArrayList<>();
            int runMode = 0;
            try (InputStream in = Files.newInputStream(context.archive()); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    names.add(e.getName());
                    if (e.getName().equals("run.sh")) {
                        runMode = e.getMode();
                    }
                }
            }
            assertThat(names).contains("Dockerfile", ".dockerignore", "server.js", "run.sh")
                    .noneMatch(n -> n.startsWith("node_modules")).doesNotContain(".env");
            assertThat(runMode & 0100).as("executable bit kept").isNotZero();
            assertThat(context.bytes()).isLessThan(20_000).isEqualTo(Files.size(context.archive()));
        }
    }

    @Test
    void theArchiveIsDeletedWhenClosed() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM scratch\n");
        Path archive;
        try (BuildContext context = BuildContext.pack(project, "Dockerfile")) {
            archive = context.archive();
            assertThat(archive).exists();
        }
        assertThat(archive).doesNotExist();
    }

    @Test
    void aLargeFileIsNamedBeforeAnythingIsPackedAndAnIgnoredOneIsNot() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(project.resolve(".dockerignore"), "backups\n");
        Files.createDirectories(project.resolve("data"));
        Files.createDirectories(project.resolve("backups"));
        for (Path big : List.of(project.resolve("data/dump.sql"), project.resolve("backups/old.sql"))) {
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
                file.setLength(2L * 1024 * 1024 * 1024); // sparse: 2 GB on paper, nothing on disk
            }
        }
        Files.writeString(project.resolve("server.js"), "x".repeat(1000));
        List<BuildContext.LargeFile> named = new ArrayList<>();

        // The warning comes first: a user who stops here has sent and packed nothing.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildContext.pack(project, "Dockerfile", BuildContext.LARGE_FILE_BYTES,
                large -> {
                    named.add(large);
                    throw new java.util.concurrent.CancellationException("stopped at the warning");
                })).isInstanceOf(java.util.concurrent.CancellationException.class);

        assertThat(named).containsExactly(new BuildContext.LargeFile("data/dump.sql", 2L * 1024 * 1024 * 1024));
        try (var temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temp.filter(f -> f.getFileName().toString().startsWith("dockhand-context"))
                    .filter(f -> f.toFile().length() > 1024 * 1024 * 1024)).isEmpty();
        }
    }
}
