package dev.dockhand.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EngineLocatorTest {

    @TempDir
    Path home;

    @Test
    void dockerHostWins() {
        EngineLocator locator = new EngineLocator(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376"), home);
        assertThat(locator.locate()).isEqualTo(new EngineLocator.Endpoint("tcp://10.0.0.5:2376", "DOCKER_HOST"));
    }

    @Test
    void theCurrentDockerContextIsUsed() throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"colima\"}");
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("colima".getBytes(StandardCharsets.UTF_8)));
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta/" + id));
        Files.writeString(meta.resolve("meta.json"),
                "{\"Name\":\"colima\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///Users/me/.colima/default/docker.sock\"}}}");

        EngineLocator.Endpoint endpoint = new EngineLocator(Map.of(), home).locate();

        assertThat(endpoint.host()).isEqualTo("unix:///Users/me/.colima/default/docker.sock");
        assertThat(endpoint.source()).contains("colima");
    }

    @Test
    void anExistingDesktopSocketIsFoundWhenTheEngineSocketIsMissing() throws Exception {
        Path socket = Files.createDirectories(home.resolve(".docker/run")).resolve("docker.sock");
        Files.createFile(socket);
        EngineLocator locator = new EngineLocator(Map.of("XDG_RUNTIME_DIR", home.resolve("run").toString()), home);

        boolean engineSocketExists = Files.exists(Path.of("/var/run/docker.sock"));
        assertThat(locator.locate().host()).isEqualTo(engineSocketExists ? "unix:///var/run/docker.sock" : "unix://" + socket);
    }

    @Test
    void withNothingFoundTheEngineSocketIsNamed() {
        EngineLocator locator = new EngineLocator(Map.of("XDG_RUNTIME_DIR", home.resolve("run").toString()), home);
        assertThat(locator.candidates()).extracting(EngineLocator.Endpoint::host)
                .contains("unix:///var/run/docker.sock", "unix://" + home.resolve("run/podman/podman.sock"));
    }
}
