package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NextCommandsTest {

    @Test
    void aRehearsalIsWatchedLoadedAndStoppedFromTheTerminal() {
        assertThat(NextCommands.of(Path.of("/home/ada/shop"), true)).extracting(NextCommands.Command::line).containsExactly(
                "dockhand status /home/ada/shop --target local",
                "dockhand load /home/ada/shop --target local --seconds 180",
                "dockhand destroy /home/ada/shop --target local --yes");
    }

    @Test
    void anAwsServiceGetsItsCiWorkflowAndItsDeletion() {
        assertThat(NextCommands.of(Path.of("/srv/api"), false)).extracting(NextCommands.Command::line).containsExactly(
                "dockhand status /srv/api --target aws",
                "dockhand workflow /srv/api --role-arn ROLE_ARN",
                "dockhand destroy /srv/api --target aws --yes");
    }

    @Test
    void theProfileAndRegionChosenInTheWindowGoWithTheCommands() {
        assertThat(NextCommands.of(Path.of("/srv/api"), false, "prod sso", "eu-west-1")).extracting(NextCommands.Command::line)
                .containsExactly(
                        "dockhand status /srv/api --target aws --profile 'prod sso' --region eu-west-1",
                        "dockhand workflow /srv/api --role-arn ROLE_ARN --region eu-west-1",
                        "dockhand destroy /srv/api --target aws --yes --profile 'prod sso' --region eu-west-1");
    }

    @Test
    void theCommandsStartTheWayDockhandRunsOnThisMachine() {
        assertThat(NextCommands.launcher(program -> true, "/opt/dockhand/bin/dockhand", Path.of("/x/dockhand.jar")))
                .as("installed on the PATH").isEqualTo("dockhand");
        assertThat(NextCommands.launcher(program -> false, "/opt/dockhand/bin/dockhand", null))
                .as("the installed app, whose launcher is not on the PATH").isEqualTo("/opt/dockhand/bin/dockhand");
        assertThat(NextCommands.launcher(program -> false, null, Path.of("/home/ada/My Tools/dockhand.jar")))
                .as("from the jar").isEqualTo("java -jar '/home/ada/My Tools/dockhand.jar'");
        assertThat(NextCommands.launcher(program -> false, null, Path.of("/t/dockhand.jar"), Path.of("/usr/lib/jvm/java-17/bin/java")))
                .as("with the runtime Dockhand runs on, not the first java on the PATH")
                .isEqualTo("/usr/lib/jvm/java-17/bin/java -jar /t/dockhand.jar");
        assertThat(NextCommands.of("java -jar /t/dockhand.jar", Path.of("/home/ada/shop"), true, null, null).get(0).line())
                .isEqualTo("java -jar /t/dockhand.jar status /home/ada/shop --target local");
    }

    @Test
    void aFolderWithSpacesOrQuotesStaysOneShellWord() {
        assertThat(NextCommands.shellWord("/home/ada/My Projects/shop")).isEqualTo("'/home/ada/My Projects/shop'");
        assertThat(NextCommands.shellWord("/tmp/ada's app")).isEqualTo("'/tmp/ada'\\''s app'");
        assertThat(NextCommands.shellWord("/srv/api-2")).isEqualTo("/srv/api-2");
    }
}
