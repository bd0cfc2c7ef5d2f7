package dev.dockhand.pipeline;

import dev.dockhand.pipeline.AnalysisReport.ReadinessFinding;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The port and health path the user chose in dockhand.yaml are the ones every step uses: the Dockerfile,
 * the test, the service. Detected values are never pinned, so they follow the code.
 */
class ServingChoiceTest {

    @TempDir
    Path temp;

    @Test
    void aPortAndHealthPathChosenInDockhandYamlShapeTheDockerfileAndTheService() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "port: 8080\nhealthPath: /ready\n");

        OpenedProject opened = OpenedProject.open(project, null);

        assertThat(opened.report().port()).isEqualTo(8080);
        assertThat(opened.report().healthPath()).isEqualTo("/ready");
        assertThat(opened.report().portSource()).isEqualTo("dockhand.yaml");
        assertThat(opened.report().healthPathSource()).isEqualTo("dockhand.yaml");
        assertThat(opened.detectedPort()).isEqualTo(3000);
        assertThat(opened.detectedHealthPath()).isEqualTo("/health");
        String dockerfile = opened.proposal().dockerfile();
        assertThat(dockerfile).contains("ENV PORT=8080").contains("EXPOSE 8080").contains("'/ready'")
                .contains("port 8080; health /ready").doesNotContain("3000");
        var service = Deployments.baseSettings(opened, ProjectSettings.load(project));
        assertThat(service.containerPort()).isEqualTo(8080);
        assertThat(service.healthPath()).isEqualTo("/ready");
    }

    @Test
    void withoutAChoiceTheDetectedValuesAreUsedAndSaidToBeDetected() throws Exception {
        OpenedProject opened = OpenedProject.open(Fixtures.copy("node-npm", temp), null);
        assertThat(opened.report().port()).isEqualTo(3000);
        assertThat(opened.report().portSource()).isEqualTo(AnalysisReport.DETECTED);
        assertThat(opened.report().healthPathSource()).isEqualTo(AnalysisReport.DETECTED);
        assertThat(opened.report().servingChosen()).isFalse();
    }

    @Test
    void aChosenHealthPathAnswersTheMissingHealthRouteFinding() throws Exception {
        Path project = Fixtures.copy("node-express-issues", temp);
        assertThat(ids(OpenedProject.open(project, null))).contains("root-health-path");
        Files.writeString(project.resolve("dockhand.yaml"), "healthPath: /status\n");
        assertThat(ids(OpenedProject.open(project, null))).doesNotContain("root-health-path");
    }

    @Test
    void aValueNoTargetGroupCouldUseIsAFindingAndTheDetectedOneStays() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "port: 70000\nhealthPath: health\n");

        OpenedProject opened = OpenedProject.open(project, null);

        assertThat(opened.report().port()).isEqualTo(3000);
        assertThat(opened.report().healthPath()).isEqualTo("/health");
        assertThat(opened.report().findings()).filteredOn(f -> f.id().equals("settings-invalid"))
                .extracting(ReadinessFinding::severity, ReadinessFinding::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("error", "The port 70000 is not a TCP port (1-65535). (dockhand.yaml port; "
                                + "the detected value is used until it is fixed)"),
                        org.assertj.core.groups.Tuple.tuple("error", "The health path \"health\" must start with \"/\" and hold only "
                                + "what a URL's path and query may (letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / % ?; "
                                + "no spaces, quotes or control characters), at most 1024 characters (the target group's rule), "
                                + "e.g. /health. "
                                + "(dockhand.yaml healthPath; the detected value is used until it is fixed)"));
    }

    @Test
    void anUnreadableDockhandYamlStillOpensTheProjectWithAFindingToFix() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "port: [8080\n");

        OpenedProject opened = OpenedProject.open(project, null);

        assertThat(opened.report().port()).isEqualTo(3000);
        ReadinessFinding finding = opened.report().findings().stream().filter(f -> f.id().equals("settings-unreadable"))
                .findFirst().orElseThrow();
        assertThat(finding.severity()).isEqualTo("error");
        assertThat(finding.file()).isEqualTo("dockhand.yaml");
        assertThat(finding.fix()).startsWith("Correct dockhand.yaml");
    }

    @Test
    void savingTheDetectedPortAndHealthPathUnchangedWritesNoFile() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        OpenedProject opened = OpenedProject.open(project, null);

        opened.withServing(opened.report().port(), opened.report().healthPath());

        assertThat(project.resolve("dockhand.yaml")).as("no file that only says {}").doesNotExist();
    }

    @Test
    void savingAChoiceKeepsTheRestOfTheFileAndPuttingTheDetectedValueBackRemovesIt() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "# our service\nservice: shop\ncpu: 512\nmemory: 1024\n");
        OpenedProject opened = OpenedProject.open(project, null);

        OpenedProject chosen = opened.withServing(8080, "/health");

        String yaml = Files.readString(project.resolve("dockhand.yaml"));
        assertThat(yaml).contains("# our service").contains("service: shop").contains("port: 8080")
                .as("the detected health path is not pinned").doesNotContain("healthPath");
        assertThat(chosen.report().port()).isEqualTo(8080);
        assertThat(chosen.report().healthPathSource()).isEqualTo(AnalysisReport.DETECTED);

        OpenedProject back = chosen.withServing(3000, null);
        assertThat(Files.readString(project.resolve("dockhand.yaml"))).doesNotContain("port:").contains("service: shop");
        assertThat(back.report().port()).isEqualTo(3000);
        assertThat(back.report().portSource()).isEqualTo(AnalysisReport.DETECTED);
        try (var files = Files.list(project)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dockhand-backup"))).hasSize(2);
        }
    }

    @Test
    void aBadChoiceIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        OpenedProject opened = OpenedProject.open(project, null);
        assertThatThrownBy(() -> opened.withServing(0, "/health")).isInstanceOf(StepException.class)
                .hasMessage("The port 0 is not a TCP port (1-65535).");
        assertThat(project.resolve("dockhand.yaml")).doesNotExist();
    }

    @Test
    void aServiceShapeSavedAfterADeployPinsOnlyWhatDiffersFromTheDetection() throws Exception {
        OpenedProject opened = OpenedProject.open(Fixtures.copy("node-npm", temp), null);
        ProjectSettings none = ProjectSettings.empty();
        assertThat(opened.pinServing(none, 3000, "/health").port()).isNull();
        assertThat(opened.pinServing(none, 3000, "/health").healthPath()).isNull();
        assertThat(opened.pinServing(none, 8080, "/ready").port()).isEqualTo(8080);
        assertThat(opened.pinServing(none, 8080, "/ready").healthPath()).isEqualTo("/ready");

        OpenedProject noRoute = OpenedProject.open(Fixtures.copy("node-express-issues", temp.resolve("b")), null);
        assertThat(noRoute.pinServing(none, 3000, "/").healthPath()).as("\"/\" is what is checked when none is found").isNull();
    }

    @Test
    void aHealthPathAnOlderVersionSavedAsTheDefaultIsNoChoiceAndTheFindingStays() throws Exception {
        Path project = Fixtures.copy("node-express-issues", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "healthPath: /\nport: 3000\n");
        OpenedProject opened = OpenedProject.open(project, null);
        assertThat(opened.report().healthPathSource()).isEqualTo(AnalysisReport.DETECTED);
        assertThat(opened.report().portSource()).isEqualTo(AnalysisReport.DETECTED);
        assertThat(ids(opened)).contains("root-health-path");
    }

    @Test
    void aLineTheUserWroteWithTheDetectedValueStaysWhenADeploySavesTheShape() throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve("dockhand.yaml"), "port: 3000\n");
        OpenedProject opened = OpenedProject.open(project, null);
        ProjectSettings saved = ProjectSettings.load(project);
        assertThat(opened.pinServing(saved, 3000, "/health").port()).isEqualTo(3000);
        assertThat(opened.pinServing(saved, 3000, "/health").healthPath()).isNull();
    }

    private static java.util.List<String> ids(OpenedProject opened) {
        return opened.report().findings().stream().map(ReadinessFinding::id).toList();
    }
}
