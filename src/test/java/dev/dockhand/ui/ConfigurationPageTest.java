package dev.dockhand.ui;

import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.testing.Display;
import dev.dockhand.testing.Fixtures;
import dev.dockhand.testing.Screenshots;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Theme;
import dev.dockhand.ui.wizard.WizardStep;
import dev.dockhand.ui.wizard.WizardWindow;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Configuration step as a user drives it: the app's variables, their kinds and sources, a typed secret. */
@ExtendWith(ApplicationExtension.class)
class ConfigurationPageTest {

    @TempDir
    static Path temp;

    private Path project;
    private WizardWindow window;
    private BackgroundTasks tasks;
    private Stage stage;

    @BeforeAll
    static void display() {
        Display.require();
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        project = Fixtures.configApp(Files.createDirectories(temp.resolve("w")));
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        recent.add(project);
        Theme.apply(false);
        tasks = new BackgroundTasks();
        window = new WizardWindow(tasks, recent, new dev.dockhand.ui.wizard.DockerSession(),
                dev.dockhand.ui.wizard.AwsConnection.toAws(), "test");
        stage.setWidth(1366);
        stage.setHeight(860);
        window.show(stage);
    }

    @AfterEach
    void stopTasks() {
        tasks.close();
    }

    @Test
    void showsTheVariablesLetsTheUserTypeASecretAndSavesNoValue(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".recent-list").queryListView().getItems().size() == 1);
        robot.doubleClickOn(robot.lookup(".recent-list .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.model().projectProperty().get() != null);
        robot.clickOn("#nextButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.dockerfilePage().dockerfileProperty().get().contains("FROM node:"));
        Screenshots.take(robot, stage.getScene().getRoot(), "configuration-0-dockerfile");
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.CONFIGURATION));
        robot.clickOn("#nextButton");
        assertThat(window.model().currentProperty().get()).isEqualTo(WizardStep.CONFIGURATION);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.configPage().rows().size() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().canEnter(WizardStep.BUILD)).isFalse();

        ChoiceBox<?> kind = robot.lookup("#kind-DATABASE_URL").queryAs(ChoiceBox.class);
        assertThat(kind.getValue()).isEqualTo(Boolean.TRUE);
        assertThat(robot.lookup("#detail-DATABASE_URL").queryAs(TextField.class).getText()).isEqualTo(".env");
        assertThat(robot.lookup("#config-DATABASE_URL").query().toString()).isNotNull();
        // No value shows on the page unless typed in and asked for.
        assertThat(robot.lookup(".text-field").queryAllAs(TextField.class)).noneMatch(f -> f.isVisible()
                && String.valueOf(f.getText()).contains("PLANTED"));
        Screenshots.take(robot, stage.getScene().getRoot(), "configuration-found");

        @SuppressWarnings("unchecked")
        ChoiceBox<Object> source = robot.lookup("#source-STRIPE_API_KEY").queryAs(ChoiceBox.class);
        robot.interact(() -> source.setValue(dev.dockhand.pipeline.ConfigPlan.Source.STORED));
        PasswordField value = robot.lookup("#value-STRIPE_API_KEY").queryAs(PasswordField.class);
        assertThat(value.isVisible()).isTrue();
        robot.clickOn(value).write("sk_test_PLANTED-SECRET-typed");
        TextField shown = robot.lookup("#shown-STRIPE_API_KEY").queryAs(TextField.class);
        assertThat(shown.isVisible()).isFalse();
        robot.clickOn(robot.lookup("#eye-STRIPE_API_KEY").queryAs(ToggleButton.class));
        assertThat(shown.isVisible()).isTrue();
        assertThat(shown.getText()).isEqualTo("sk_test_PLANTED-SECRET-typed");
        Screenshots.take(robot, stage.getScene().getRoot(), "configuration-typed");

        robot.clickOn("#applyButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.model().canEnter(WizardStep.BUILD));
        String yaml = Files.readString(project.resolve("dockhand.yaml"));
        assertThat(yaml).contains("STRIPE_API_KEY:").contains("from: stored").contains("DATABASE_URL:").doesNotContain("PLANTED");
        assertThat(window.configPage().values().containerEnvironment())
                .contains("STRIPE_API_KEY=sk_test_PLANTED-SECRET-typed")
                .anyMatch(e -> e.startsWith("DATABASE_URL=postgres://app:PLANTED-SECRET-db-7f3a@"));
        assertThat(window.configPage().values().secretValues()).containsKeys("STRIPE_API_KEY", "DATABASE_URL", "SESSION_SECRET");
        Screenshots.take(robot, stage.getScene().getRoot(), "configuration-saved");
    }
}
