package dev.dockhand.dockerfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerfileWriterTest {

    @TempDir
    Path project;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);
    private final DockerfileWriter writer = new DockerfileWriter(clock);
    private final Proposal proposal = new Proposal("FROM node:20-bookworm-slim\n", "node_modules\n");

    @Test
    void writesBothFilesIntoAnEmptyProject() throws Exception {
        DockerfileWriter.Result result = writer.write(project, proposal, false);

        assertThat(result.written()).containsExactly(project.resolve("Dockerfile"), project.resolve(".dockerignore"));
        assertThat(Files.readString(project.resolve("Dockerfile"))).isEqualTo(proposal.dockerfile());
        assertThat(Files.readString(project.resolve(".dockerignore"))).isEqualTo(proposal.dockerignore());
        assertThat(result.backups()).isEmpty();
    }

    @Test
    void newFilesAreReadableByOthersLikeAnyFileTheUserCreates() throws Exception {
        writer.write(project, proposal, false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve("Dockerfile"))))
                .startsWith("rw-r");
    }

    @Test
    void anExistingDifferentFileIsNeverReplacedWithoutConsent() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM mine\n");

        assertThatThrownBy(() -> writer.write(project, proposal, false))
                .isInstanceOf(DockerfileWriter.ExistingFileException.class)
                .hasMessageContaining("Dockerfile already exists");
        assertThat(Files.readString(project.resolve("Dockerfile"))).isEqualTo("FROM mine\n");
        assertThat(project.resolve(".dockerignore")).doesNotExist(); // nothing at all was written
    }

    @Test
    void replacingKeepsATimestampedBackupWithThePermissions() throws Exception {
        Path dockerfile = Files.writeString(project.resolve("Dockerfile"), "FROM mine\n");
        Files.setPosixFilePermissions(dockerfile, PosixFilePermissions.fromString("rw-rw-r--"));

        DockerfileWriter.Result result = writer.write(project, proposal, true);

        Path backup = project.resolve("Dockerfile.20261127-101530.dockhand-backup");
        assertThat(result.backups()).containsExactly(backup);
        assertThat(Files.readString(backup)).isEqualTo("FROM mine\n");
        assertThat(Files.readString(dockerfile)).isEqualTo(proposal.dockerfile());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerfile))).isEqualTo("rw-rw-r--");
    }

    @Test
    void aSecondBackupInTheSameSecondDoesNotOverwriteTheFirst() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "one\n");
        writer.write(project, proposal, true);
        Files.writeString(project.resolve("Dockerfile"), "two\n");
        writer.write(project, proposal, true);

        assertThat(Files.readString(project.resolve("Dockerfile.20261127-101530.dockhand-backup"))).isEqualTo("one\n");
        assertThat(Files.readString(project.resolve("Dockerfile.20261127-101530-2.dockhand-backup"))).isEqualTo("two\n");
    }

    @Test
    void identicalFilesAreLeftAloneWithoutBackup() throws Exception {
        writer.write(project, proposal, false);
        DockerfileWriter.Result again = writer.write(project, proposal, false);

        assertThat(again.written()).isEmpty();
        assertThat(again.unchanged()).hasSize(2);
        try (Stream<Path> files = Files.list(project)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("Dockerfile", ".dockerignore");
        }
    }
}
