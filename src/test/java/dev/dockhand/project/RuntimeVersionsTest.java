package dev.dockhand.project;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeVersionsTest {

    @ParameterizedTest(name = "engines.node \"{0}\" -> {1}")
    @CsvSource(delimiter = ';', value = {
            "20.x;20", "^20.11.1;20", "~18.19;18", ">=18;24", ">=18 <21;20", ">=14 <=16;16", "18 || 20;20",
            "16 - 20;20", ">22;24", "*;24", "20;20", "v22.3.0;22", ">=21.0.0 <22;21", "<20;18"})
    void nodeRanges(String range, int major) {
        assertThat(RuntimeVersions.nodeMajorFromRange(range)).contains(major);
    }

    @ParameterizedTest(name = "version file \"{0}\" -> {1}")
    @CsvSource(delimiter = ';', value = {"v20.11.1;20", "18;18", "lts/iron;20", "lts/jod;22", "lts/*;24", "node;24"})
    void nodeVersionFiles(String content, int major) {
        assertThat(RuntimeVersions.nodeMajorFromVersionFile(content + "\n")).contains(major);
    }

    @ParameterizedTest(name = "python \"{0}\" -> {1}")
    @CsvSource(delimiter = ';', value = {
            "3.11;3.11", "3.11.4;3.11", "python-3.10.12;3.10", ">=3.10;3.12", ">=3.8,<3.11;3.10",
            "^3.13;3.13", "~=3.9;3.12", "~=3.13;3.13", "==3.11.*;3.11", ">=3.9,<4;3.12"})
    void pythonRequirements(String requirement, String minor) {
        assertThat(RuntimeVersions.pythonMinor(requirement)).contains(minor);
    }

    @ParameterizedTest(name = "java \"{0}\" -> {1}")
    @CsvSource({"1.8,8", "11,11", "17,17", "21,21"})
    void javaVersions(String value, String major) {
        assertThat(RuntimeVersions.javaMajor(value)).contains(major);
    }

    @ParameterizedTest(name = "go \"{0}\" -> {1}")
    @CsvSource({"1.22.3,1.22", "go1.23.1,1.23", "1.21,1.21"})
    void goVersions(String value, String minor) {
        assertThat(RuntimeVersions.goMinor(value)).contains(minor);
    }

    @ParameterizedTest
    @CsvSource({"banana", "latest-and-greatest"})
    void unreadableRangesGiveNothing(String range) {
        assertThat(RuntimeVersions.nodeMajorFromRange(range)).isEqualTo(Optional.empty());
    }
}
