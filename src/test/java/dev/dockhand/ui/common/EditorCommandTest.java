package dev.dockhand.ui.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which editor opens a finding, and how it is told the line: pure, no program started. */
class EditorCommandTest {

    private static final Path FILE = Path.of("/home/ada/shop/src/app.js");

    @Test
    void eachKnownEditorIsToldTheLineItsOwnWay() {
        assertThat(launch("code --wait")).isEqualTo(List.of("code", "--wait", "--goto", FILE + ":12"));
        assertThat(launch("/usr/bin/subl")).isEqualTo(List.of("/usr/bin/subl", FILE + ":12"));
        assertThat(launch("idea")).isEqualTo(List.of("idea", "--line", "12", FILE.toString()));
        assertThat(launch("gedit")).isEqualTo(List.of("gedit", "+12", FILE.toString()));
        assertThat(launch("\"C:\\Program Files\\Microsoft VS Code\\Code.exe\" --wait")).as("a Windows path keeps its backslashes")
                .isEqualTo(List.of("C:\\Program Files\\Microsoft VS Code\\Code.exe", "--wait", "--goto", FILE + ":12"));
        assertThat(launch("'/opt/My Editor/edit' -n")).as("an editor this class does not know gets the file only")
                .isEqualTo(List.of("/opt/My Editor/edit", "-n", FILE.toString()));
        assertThat(EditorCommand.choose(Map.of("EDITOR", "gedit"), p -> false, FILE, 12).orElseThrow().atLine()).isTrue();
        assertThat(EditorCommand.choose(Map.of("EDITOR", "mousepad"), p -> false, FILE, 12).orElseThrow().atLine()).isFalse();
    }

    @Test
    void dockhandsOwnVariableComesFirstThenVisualThenEditor() {
        Map<String, String> all = Map.of("DOCKHAND_EDITOR", "subl", "VISUAL", "code", "EDITOR", "gedit");
        assertThat(EditorCommand.choose(all, p -> false, FILE, 3).orElseThrow().command().get(0)).isEqualTo("subl");
        assertThat(EditorCommand.choose(Map.of("VISUAL", "code", "EDITOR", "gedit"), p -> false, FILE, 3).orElseThrow().command().get(0))
                .isEqualTo("code");
    }

    @Test
    void aTerminalEditorIsPassedOverForAGraphicalOneOnThePath() {
        Set<String> installed = Set.of("vim", "kate", "gedit");
        var launch = EditorCommand.choose(Map.of("EDITOR", "vim", "VISUAL", "nvim -p"), installed::contains, FILE, 7).orElseThrow();
        assertThat(launch.command()).containsExactly("gedit", "+7", FILE.toString());
        assertThat(EditorCommand.choose(Map.of("EDITOR", "nano"), p -> false, FILE, 7)).as("nothing usable").isEmpty();
    }

    @Test
    void withoutAnEditorATextEditorOrTheFolderOpensNeverTheFilesOwnApplication() {
        // The file's default application would run a script from a cloned project (Windows Script Host, a .desktop file).
        assertThat(EditorCommand.systemOpener(FILE, "Windows 11").command()).containsExactly("notepad.exe", FILE.toString());
        assertThat(EditorCommand.systemOpener(FILE, "Mac OS X").command()).containsExactly("open", "-t", FILE.toString());
        var linux = EditorCommand.systemOpener(FILE, "Linux");
        assertThat(linux.command()).containsExactly("xdg-open", "/home/ada/shop/src");
        assertThat(linux.folderOnly()).isTrue();
        assertThat(linux.atLine()).isFalse();
    }

    @Test
    void aTerminalEditorBehindAWrapperOrInTerminalModeIsPassedOverToo() {
        for (String editor : java.util.List.of("/usr/bin/env vim", "emacsclient -t", "emacs -nw", "sudo -e nano")) {
            assertThat(EditorCommand.choose(Map.of("EDITOR", editor), p -> false, FILE, 3)).as(editor).isEmpty();
        }
        assertThat(EditorCommand.choose(Map.of("EDITOR", "emacsclient -c"), p -> false, FILE, 3).orElseThrow().command())
                .containsExactly("emacsclient", "-c", "+3", FILE.toString());
    }

    @Test
    void aFindingWithoutALineOpensTheFile() {
        assertThat(EditorCommand.choose(Map.of("EDITOR", "code"), p -> false, FILE, null).orElseThrow().command())
                .containsExactly("code", FILE.toString());
    }

    private static List<String> launch(String editor) {
        return EditorCommand.choose(Map.of("DOCKHAND_EDITOR", editor), p -> false, FILE, 12).orElseThrow().command();
    }
}
