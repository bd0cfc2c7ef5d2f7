package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RecentProjectsTest {

    @TempDir
    Path temp;

    @Test
    void newestFirstWithoutDuplicatesAndOnlyExistingFolders() throws Exception {
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        Path a = Files.createDirectories(temp.resolve("a"));
        Path b = Files.createDirectories(temp.resolve("b"));
        Path gone = Files.createDirectories(temp.resolve("gone"));

        recent.add(a);
        recent.add(gone);
        recent.add(b);
        recent.add(a);
        Files.delete(gone);

        assertThat(recent.list()).containsExactly(a, b);
    }

    @Test
    void keepsTheTenNewest() throws Exception {
        RecentProjects recent = new RecentProjects(temp.resolve("config"));
        for (int i = 0; i < 12; i++) {
            recent.add(Files.createDirectories(temp.resolve("p" + i)));
        }
        assertThat(recent.list()).hasSize(10).startsWith(temp.resolve("p11"));
    }

    @Test
    void aDamagedListCountsAsEmpty() throws Exception {
        Path config = Files.createDirectories(temp.resolve("config"));
        Files.writeString(config.resolve("recent-projects.json"), "{not json");
        assertThat(new RecentProjects(config).list()).isEmpty();
    }
}
