package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dockhand.yaml is edited in place: the user's comments, order and unknown keys survive a save. */
class SettingsFileTest {

    @TempDir
    Path project;

    @Test
    void aSaveChangesOnlyTheValuesDockhandSetsAndKeepsCommentsOrderAndUnknownKeys() throws Exception {
        String mine = """
                # Team settings: reviewed in PRs
                service: shop-api   # the name on AWS too
                desired: 2 # two is enough at night
                team: payments
                aws:
                  region: eu-west-1
                  profile: shop-admin
                  owner: ops
                # Ports: the app reads PORT
                port: 8080
                """;
        Files.writeString(project.resolve(ProjectSettings.FILE), mine);
        ProjectSettings loaded = ProjectSettings.load(project);

        loaded.with(new ProjectSettings(null, null, null, null, null, null, 3, null, 6, null, null, null, null, null, null, null)).save(project);

        String text = Files.readString(project.resolve(ProjectSettings.FILE));
        assertThat(text).isEqualTo("""
                # Team settings: reviewed in PRs
                service: shop-api # the name on AWS too
                desired: 3 # two is enough at night
                team: payments
                aws:
                  region: eu-west-1
                  profile: shop-admin
                  owner: ops
                # Ports: the app reads PORT
                port: 8080
                max: 6
                """);
        assertThat(ProjectSettings.load(project).desired()).isEqualTo(3);
        assertThat(ProjectSettings.load(project).awsOrEmpty().profile()).isEqualTo("shop-admin");
    }

    @Test
    void aKeyDockhandNoLongerSetsIsRemovedButItsCommentStays() throws Exception {
        Files.writeString(project.resolve(ProjectSettings.FILE), """
                service: shop-api
                # autoscaling picks the count
                desired: 2
                # keep small
                max: 4
                config:
                  API_KEY:
                    kind: secret # rotated monthly
                    from: .env
                  OLD_FLAG:
                    kind: plain
                """);
        ProjectSettings loaded = ProjectSettings.load(project);
        new ProjectSettings(loaded.service(), null, null, null, null, null, null, null, loaded.max(), null, null, null, null, null, null, null)
                .withConfig(Map.of("API_KEY", new ProjectSettings.ConfigEntry("secret", "stored")))
                .save(project);

        assertThat(Files.readString(project.resolve(ProjectSettings.FILE))).isEqualTo("""
                service: shop-api
                # autoscaling picks the count
                # keep small
                max: 4
                config:
                  API_KEY:
                    kind: secret # rotated monthly
                    from: stored
                """);
    }

    @Test
    void aNewFileGetsDockhandsHeaderAndAnEmptyOneIsWrittenAfresh() throws Exception {
        ProjectSettings.shape("shop-api", 8080, null, null, null, null, null, null, null).save(project);
        String text = Files.readString(project.resolve(ProjectSettings.FILE));
        assertThat(text).startsWith("# Dockhand settings").contains("service: shop-api").contains("port: 8080");

        Files.writeString(project.resolve(ProjectSettings.FILE), "# nothing yet\n");
        ProjectSettings.shape("shop-api", null, null, null, null, null, null, null, null).save(project);
        assertThat(ProjectSettings.load(project).service()).isEqualTo("shop-api");
        assertThat(Files.readString(project.resolve(ProjectSettings.FILE))).startsWith("# nothing yet\n");
    }

    @Test
    void everyChangeToAnExistingFileKeepsTheOldTextAsABackupAndNoChangeWritesNothing() throws Exception {
        // No comment of the user's and no unknown key: only values, one of them set by hand.
        ProjectSettings.shape("shop-api", 8080, null, null, null, 2, null, null, null).save(project);
        String handEdited = Files.readString(project.resolve(ProjectSettings.FILE)).replace("desired: 2", "desired: 5");
        assertThat(handEdited).contains("desired: 5");
        Files.writeString(project.resolve(ProjectSettings.FILE), handEdited);
        assertThat(backups()).as("a new file replaces nothing").isEmpty();

        ProjectSettings.load(project).with(ProjectSettings.shape(null, null, null, null, null, 3, null, null, null)).save(project);
        assertThat(ProjectSettings.load(project).desired()).isEqualTo(3);
        assertThat(backups()).hasSize(1);
        assertThat(backups().get(0)).hasContent(handEdited);

        ProjectSettings.load(project).save(project);
        assertThat(backups()).as("the same text is not written again").hasSize(1);

        String second = Files.readString(project.resolve(ProjectSettings.FILE));
        ProjectSettings.load(project).with(ProjectSettings.shape(null, 9090, null, null, null, null, null, null, null)).save(project);
        assertThat(backups()).hasSize(2);
        assertThat(backups()).anySatisfy(backup -> assertThat(backup).hasContent(second));
    }

    private java.util.List<Path> backups() throws java.io.IOException {
        try (var files = Files.list(project)) {
            return files.filter(f -> f.getFileName().toString().startsWith(ProjectSettings.FILE + ".")
                    && f.getFileName().toString().endsWith(".dockhand-backup")).sorted().toList();
        }
    }

    @Test
    void theChosenTargetIsSavedAndReadBackAndOtherSavesKeepIt() throws Exception {
        Files.writeString(project.resolve(ProjectSettings.FILE), "service: shop-api # ours\n");
        ProjectSettings.load(project).withTarget(ProjectSettings.LOCAL).save(project);
        assertThat(Files.readString(project.resolve(ProjectSettings.FILE))).isEqualTo("service: shop-api # ours\ntarget: local\n");
        assertThat(ProjectSettings.load(project).target()).isEqualTo("local");
        assertThat(ProjectSettings.unknownKeys(project)).isEmpty();

        // A later save of other settings (the configuration page's) leaves the target as it was.
        ProjectSettings.load(project).withConfig(Map.of("API_KEY", new ProjectSettings.ConfigEntry("secret", ".env"))).save(project);
        assertThat(ProjectSettings.load(project).target()).isEqualTo("local");
        ProjectSettings.load(project).with(ProjectSettings.empty().withTarget(ProjectSettings.AWS)).save(project);
        assertThat(ProjectSettings.load(project).target()).isEqualTo("aws");
    }

    @Test
    void aTargetOtherThanLocalOrAwsIsRejectedWithWhatItMayBe() throws Exception {
        Files.writeString(project.resolve(ProjectSettings.FILE), "target: laptop\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProjectSettings.load(project))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("target is \"laptop\"").hasMessageContaining("\"local\"").hasMessageContaining("\"aws\"");
    }
}
