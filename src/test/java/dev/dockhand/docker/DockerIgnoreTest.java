package dev.dockhand.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerIgnoreTest {

    @Test
    void patternsAreAnchoredAtTheRootAndCoverWhatIsInsideFolders() {
        DockerIgnore ignore = DockerIgnore.parse("node_modules\n.git\n*.log\n");
        assertThat(ignore.ignores("node_modules")).isTrue();
        assertThat(ignore.ignores("node_modules/express/index.js")).isTrue();
        assertThat(ignore.ignores("app.log")).isTrue();
        assertThat(ignore.ignores("logs/app.log")).isFalse(); // "*" stays in one segment, anchored at the root
        assertThat(ignore.ignores("packages/api/node_modules/x.js")).isFalse();
        assertThat(ignore.ignores("src/server.js")).isFalse();
    }

    @Test
    void doubleStarSpansFolders() {
        DockerIgnore ignore = DockerIgnore.parse("**/node_modules\n**/*.pyc\n");
        assertThat(ignore.ignores("node_modules/a.js")).isTrue();
        assertThat(ignore.ignores("packages/api/node_modules/a.js")).isTrue();
        assertThat(ignore.ignores("app/__pycache__/x.pyc")).isTrue();
    }

    @Test
    void lastMatchWinsAndExclamationReincludes() {
        DockerIgnore ignore = DockerIgnore.parse(".env\n.env.*\n!.env.example\n# comment\n\n");
        assertThat(ignore.ignores(".env")).isTrue();
        assertThat(ignore.ignores(".env.production")).isTrue();
        assertThat(ignore.ignores(".env.example")).isFalse();
    }

    @Test
    void foldersAreSkippedUnlessARuleCouldBringSomethingBack() {
        DockerIgnore ignore = DockerIgnore.parse("node_modules\nbuild\n!build/keep.txt\n!.env.example\n");
        assertThat(ignore.skipsFolder("node_modules")).isTrue();
        assertThat(ignore.skipsFolder("build")).isFalse();
        assertThat(ignore.ignores("build/keep.txt")).isFalse();
        assertThat(ignore.ignores("build/other.txt")).isTrue();
        assertThat(ignore.skipsFolder("src")).isFalse();
    }

    @Test
    void leadingSlashesAndDotSlashAreCleaned() {
        DockerIgnore ignore = DockerIgnore.parse("/dist/\n./coverage\n");
        assertThat(ignore.ignores("dist/main.js")).isTrue();
        assertThat(ignore.ignores("coverage/lcov.info")).isTrue();
    }
}
