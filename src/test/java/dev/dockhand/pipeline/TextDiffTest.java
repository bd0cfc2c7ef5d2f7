package dev.dockhand.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextDiffTest {

    @Test
    void marksRemovedAddedAndKeptLines() {
        String diff = TextDiff.unified("old", "FROM node:latest\nCOPY . .\nCMD [\"npm\", \"start\"]",
                "new", "FROM node:20-bookworm-slim\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]");

        assertThat(diff.lines()).containsExactly(
                "--- old", "+++ new",
                "-FROM node:latest", "+FROM node:20-bookworm-slim",
                " COPY . .",
                "-CMD [\"npm\", \"start\"]", "+USER node", "+CMD [\"node\", \"server.js\"]");
    }

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(TextDiff.unified("a", "same\n", "b", "same\n")).isEmpty();
    }
}
