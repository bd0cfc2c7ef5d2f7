package dev.dockhand.ui;

import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.AwsConnection;
import dev.dockhand.ui.wizard.DockerSession;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chosen target is the project's: saved in dockhand.yaml, chosen again when the project is reopened, and
 * the sidebar says what the later steps do for it. Task counts are checked before anything is saved.
 */
@ExtendWith(ApplicationExtension.class)
class WizardTargetTest {

    @TempDir
    Path temp;

    private WizardWindow window;
    private BackgroundTasks tasks;
    private Stage stage;

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new WizardWindow(tasks, new RecentProjects(temp.resolve("config")), new DockerSession(), AwsConnection.toAws(), "test");
        window.show(stage);
    }

    @AfterEach
    void stop() {
        tasks.close();
    }

    @Test
    void aLocalTargetIsSavedRestoredAndNamedInTheSidebar(FxRobot robot) throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        open(robot, project);
        assertThat(window.model().localTargetProperty().get()).as("no target saved yet: AWS, as before").isFalse();
        assertThat(subtitle(robot, WizardStep.PUSH)).isEqualTo("Send the image to ECR");

        // The steps before Target are done by other tests; here they are marked done to reach the page.
        robot.interact(() -> {
            for (WizardStep step : List.of(WizardStep.DOCKERFILE, WizardStep.CONFIGURATION, WizardStep.BUILD, WizardStep.TEST)) {
                window.model().complete(step);
            }
            window.model().currentProperty().set(WizardStep.TEST);
        });
        // The Test page's values may be cut in a narrow window: each carries its whole text as a tooltip.
        for (String id : List.of("#imageLabel", "#healthLabel")) {
            Label value = robot.lookup(id).queryAs(Label.class);
            assertThat(value.getText()).isNotEmpty();
            assertThat(value.getTooltip().getText()).isEqualTo(value.getText());
        }
        robot.interact(() -> window.model().currentProperty().set(WizardStep.TARGET));
        robot.clickOn("#localChoice");
        assertThat(subtitle(robot, WizardStep.PUSH)).isEqualTo("Skipped: image stays local");
        assertThat(subtitle(robot, WizardStep.DEPLOY)).isEqualTo("Start the local rehearsal");
        ListCell<?> push = robot.lookup(".steps .list-cell").match((ListCell<?> c) -> c.getItem() == WizardStep.PUSH).queryAs(ListCell.class);
        assertThat(push.getTooltip().getText()).as("why it is skipped").contains("nothing is sent to a registry");
        Label pushLine = (Label) push.lookup(".step-subtitle");
        assertThat(pushLine.getWidth()).as("the line is not cut").isGreaterThanOrEqualTo(pushLine.prefWidth(-1) - 0.5);

        // Counts autoscaling cannot keep: said before anything is written.
        robot.interact(() -> {
            robot.lookup("#minSpinner").queryAs(Spinner.class).getValueFactory().setValue(3);
            robot.lookup("#desiredSpinner").queryAs(Spinner.class).getValueFactory().setValue(2);
        });
        robot.clickOn("#checkButton");
        Label error = robot.lookup("#errorLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, error::isVisible);
        assertThat(error.getText()).isEqualTo("Desired tasks (2) must lie between the minimum (3) and the maximum (6): autoscaling "
                + "keeps the count in that range.");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(project.resolve(ProjectSettings.FILE)).as("nothing saved").doesNotExist();
        assertThat(window.model().canEnter(WizardStep.PUSH)).isFalse();
        Screenshots.take(robot, stage.getScene().getRoot(), "target-local-counts");

        robot.interact(() -> robot.lookup("#desiredSpinner").queryAs(Spinner.class).getValueFactory().setValue(3));
        robot.clickOn("#checkButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.DEPLOY));
        assertThat(Files.readString(project.resolve(ProjectSettings.FILE))).contains("target: local").contains("desired: 3")
                .contains("min: 3");
        Screenshots.take(robot, stage.getScene().getRoot(), "target-local-saved");

        // Reopened (here: another project, then this one again), the rehearsal is chosen again.
        Path other = Fixtures.copy("node-yarn", temp);
        open(robot, other);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.model().localTargetProperty().get());
        assertThat(subtitle(robot, WizardStep.PUSH)).isEqualTo("Send the image to ECR");
        open(robot, project);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().localTargetProperty().get());
        assertThat(subtitle(robot, WizardStep.PUSH)).isEqualTo("Skipped: image stays local");
        assertThat(window.targetPage().desiredProperty().get()).isEqualTo(3);
    }

    @Test
    void aSavedAwsTargetIsChosenAgain(FxRobot robot) throws Exception {
        Path project = Fixtures.copy("node-npm", temp);
        Files.writeString(project.resolve(ProjectSettings.FILE), "target: aws\ndesired: 4\nmax: 8\n");
        open(robot, project);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.targetPage().desiredProperty().get() == 4);
        assertThat(window.model().localTargetProperty().get()).isFalse();
        assertThat(subtitle(robot, WizardStep.PUSH)).isEqualTo("Send the image to ECR");
    }

    private void open(FxRobot robot, Path project) throws Exception {
        robot.interact(() -> window.projectPage().open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null
                && window.model().projectProperty().get().folder().equals(project));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The sidebar's second line for {@code step}, as shown. */
    private static String subtitle(FxRobot robot, WizardStep step) {
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<?> cell = robot.lookup(".steps .list-cell").match((ListCell<?> c) -> c.getItem() == step).queryAs(ListCell.class);
        return cell.lookup(".step-subtitle") instanceof Label label ? label.getText() : null;
    }
}
