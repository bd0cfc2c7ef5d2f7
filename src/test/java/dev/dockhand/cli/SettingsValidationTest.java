package dev.dockhand.cli;

import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dockhand.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings are checked where they are read (dockhand.yaml and flags), with the rule in the message, before
 * anything is built, started, written or deleted after them.
 */
class SettingsValidationTest {

    @TempDir
    Path temp;

    private Path project;
    private Path stateDir;

    @BeforeEach
    void project() throws Exception {
        project = Fixtures.copy("node-npm", temp.resolve("work"));
        stateDir = Files.createDirectories(temp.resolve("state"));
        System.setProperty("dockhand.state.dir", stateDir.toString());
    }

    @AfterEach
    void clearStateDir() {
        System.clearProperty("dockhand.state.dir");
    }

    @Test
    void aServiceNameThatIsAPathWritesAndDeletesNothingOutsideDockhandsFolder() throws Exception {
        Path victim = Files.createDirectories(temp.resolve("some/dir")).resolve("v.json");
        Files.writeString(victim, "the user's file");
        // From the state folder, ../some/dir/v is the victim: a committed dockhand.yaml is enough to name it.
        Files.writeString(project.resolve("dockhand.yaml"), "# team settings\nservice: ../some/dir/v\n");

        CliTest.Run deploy = run("deploy", project.toString(), "--target", "local");
        CliTest.Run destroy = run("destroy", project.toString(), "--target", "local", "--yes");

        for (CliTest.Run r : new CliTest.Run[] {deploy, destroy}) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("\"../some/dir/v\" cannot be used")
                    .contains("starts with a lower-case letter and has only lower-case letters, digits and dashes")
                    .doesNotContain("\tat ");
        }
        assertThat(victim).hasContent("the user's file");
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).isEqualTo("# team settings\nservice: ../some/dir/v\n");
        try (var left = Files.list(stateDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void invalidFlagsAreRefusedWithTheRuleAndNeverSaved() {
        CliTest.Run desired = run("deploy", project.toString(), "--target", "local", "--desired", "-1");
        assertThat(desired.exitCode()).isEqualTo(2);
        assertThat(desired.err()).contains("min <= desired <= max");
        assertThat(project.resolve("dockhand.yaml")).doesNotExist();

        CliTest.Run target = run("template", project.toString(), "--cpu-target", "500");
        assertThat(target.exitCode()).isEqualTo(2);
        assertThat(target.err()).contains("between 10 and 90 percent");
        assertThat(target.out()).isEmpty();

        CliTest.Run health = run("template", project.toString(), "--health-path", "/health\nX-Injected: 1");
        assertThat(health.exitCode()).isEqualTo(2);
        assertThat(health.err()).contains("\"/health\\nX-Injected: 1\"").contains("no spaces, quotes or control characters");

        CliTest.Run longName = run("template", project.toString(), "--service", "a".repeat(300));
        assertThat(longName.exitCode()).isEqualTo(2);
        assertThat(longName.err()).contains("at most 28 characters");
    }

    @Test
    void aBadTagIsRefusedBeforeTheContextIsSent() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM node:20-bookworm-slim\n");
        CliTest.Run run = run("build", project.toString(), "--tag", "Bad Tag!");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("\"Bad Tag!\" is not a valid image tag").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("Sending build context");
    }

    @Test
    void unknownKeysAreNamedAndARewriteKeepsTheUsersCommentsAndKeysInPlaceAndInABackup() throws Exception {
        project = Fixtures.configApp(temp.resolve("configured"));
        String mine = "# Team settings: reviewed in PRs\nservice: config-app\ndesird: 3 # a typo\naws:\n  regoin: eu-west-1\n";
        Files.writeString(project.resolve("dockhand.yaml"), mine);
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        CliTest.Run run;
        try {
            System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
            run = run("config", project.toString(), "--plain", "GREETING");
        } finally {
            System.setErr(original);
        }
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("the key \"desird\" is not one Dockhand knows").contains("desired")
                .contains("the key \"aws.regoin\" is not one Dockhand knows").contains("region");
        try (var files = Files.list(project)) {
            Path backup = files.filter(f -> f.getFileName().toString().startsWith("dockhand.yaml.")
                    && f.getFileName().toString().endsWith(".dockhand-backup")).findFirst().orElseThrow();
            assertThat(backup).hasContent(mine);
        }
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).startsWith("# Team settings: reviewed in PRs\nservice: config-app\n")
                .contains("desird: 3 # a typo\n").contains("  regoin: eu-west-1\n").contains("GREETING");

        // Rewritten again, the file's previous text is kept too, as for the Dockerfile.
        String before = Files.readString(project.resolve("dockhand.yaml"));
        run("config", project.toString(), "--secret", "LOG_LEVEL");
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).isNotEqualTo(before);
        try (var files = Files.list(project)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".dockhand-backup")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).containsExactlyInAnyOrder(mine, before);
        }
    }
}
