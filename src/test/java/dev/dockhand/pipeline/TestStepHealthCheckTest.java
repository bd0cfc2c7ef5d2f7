package dev.dockhand.pipeline;

import dev.dockhand.testing.DockerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Test step calls and judges the health path as the target group will, seen from the app's side: plain
 * HTTP/1.1 with ELB-HealthChecker's User-Agent and no upgrade offer, healthy only after dockhand.yaml's
 * healthy threshold of answers in a row within the stack's success codes.
 */
@Tag("docker")
class TestStepHealthCheckTest {

    @TempDir
    static Path temp;

    private static final String IMAGE = "dockhand-test/health-echo:" + UUID.randomUUID().toString().substring(0, 8);

    /** Answers the checks in turn with these codes (400 after), and prints what each check looked like. */
    private static final String SERVER = """
            const http = require('http');
            const answers = [200, 500, 204, 302, 399];
            let calls = 0;
            http.createServer((req, res) => {
              if (req.url !== '/health') { res.end('ok'); return; }
              const status = calls < answers.length ? answers[calls] : 400;
              calls++;
              console.log(`check ${calls} HTTP/${req.httpVersion} ${req.method} ${req.headers['user-agent']} `
                + `upgrade=${req.headers.upgrade || 'none'} -> ${status}`);
              res.statusCode = status;
              res.end();
            }).listen(Number(process.env.PORT || 3000), '0.0.0.0');
            """;

    private static Path project;

    @BeforeAll
    static void image() throws Exception {
        DockerCli.requireEngine();
        project = Files.createDirectories(temp.resolve("health-echo"));
        Files.writeString(project.resolve("server.js"), SERVER);
        Files.writeString(project.resolve("package.json"), "{\"name\":\"health-echo\",\"version\":\"1.0.0\",\"scripts\":"
                + "{\"start\":\"node server.js\"}}");
        Files.writeString(project.resolve("Dockerfile"), "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY server.js .\nUSER node\n"
                + "EXPOSE 3000\nCMD [\"node\", \"server.js\"]\n");
        // The target group's check for this service: every 5 s, healthy after 3 passes in a row.
        Files.writeString(project.resolve("dockhand.yaml"), "service: health-echo\nhealthPath: /health\nhealth:\n  interval: 5\n"
                + "  timeout: 2\n  healthyThreshold: 3\n");
        DockerCli.Result build = DockerCli.docker(project, 300, "build", "-t", IMAGE, ".");
        assertThat(build.ok()).as(build.output()).isTrue();
    }

    @AfterAll
    static void removeImage() {
        DockerCli.docker("rmi", "-f", IMAGE);
    }

    @Test
    void theTestStepChecksAsTheTargetGroupAndNeedsItsThresholdOfPassesInARow() throws Exception {
        ImageReports.Test result;
        try (ImageSteps steps = ImageSteps.connect()) {
            result = steps.test(OpenedProject.open(project, null), IMAGE, Duration.ofSeconds(60), StepListener.NONE);
        }

        assertThat(result.healthy()).as(result.reason() + "\n" + String.join("\n", result.logTail())).isTrue();
        assertThat(result.statusCode()).isEqualTo(399);
        // 500 breaks the run; 204, 302 and 399 are within 200-399 and make three in a row; no check after that.
        assertThat(result.logTail().stream().filter(line -> line.startsWith("check ")).toList()).containsExactly(
                "check 1 HTTP/1.1 GET ELB-HealthChecker/2.0 upgrade=none -> 200",
                "check 2 HTTP/1.1 GET ELB-HealthChecker/2.0 upgrade=none -> 500",
                "check 3 HTTP/1.1 GET ELB-HealthChecker/2.0 upgrade=none -> 204",
                "check 4 HTTP/1.1 GET ELB-HealthChecker/2.0 upgrade=none -> 302",
                "check 5 HTTP/1.1 GET ELB-HealthChecker/2.0 upgrade=none -> 399");
    }

    @Test
    void aDeployWithAnotherPortTestsTheImageOnThatPortAndSaysTheImageExposesAnother() throws Exception {
        OpenedProject opened = OpenedProject.open(project, null);
        // deploy --port 8080: the service will send traffic and checks to 8080, so the test does too.
        var shape = Deployments.baseSettings(opened, ProjectSettings.load(project)
                .with(ProjectSettings.shape(null, 8080, null, null, null, null, null, null, null)));
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImageReports.Test result;
        try (ImageSteps steps = ImageSteps.connect()) {
            result = steps.test(opened, IMAGE, ConfigValues.none(), shape, Duration.ofSeconds(60), new StepListener() {
                @Override
                public void log(String line) {
                    said.add(line);
                }
            });
        }
        assertThat(result.healthy()).as("the app reads PORT: " + result.reason()).isTrue();
        assertThat(said).anyMatch(line -> line.startsWith("The image exposes port 3000, but the service sends traffic and health "
                + "checks to port 8080"));
    }

    @Test
    void theStacksSuccessCodesAndThresholdComeFromTheSameSettings() throws Exception {
        OpenedProject opened = OpenedProject.open(project, null);
        var shape = Deployments.baseSettings(opened, ProjectSettings.load(project));
        var check = ImageSteps.check(shape.healthCheck());
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(check.healthyThreshold()).isEqualTo(3);
        assertThat(check.matcher().text()).isEqualTo(dev.dockhand.aws.ServiceSettings.HEALTH_MATCHER);
        assertThat(List.of(200, 302, 399)).allMatch(check.matcher()::matches);
        assertThat(List.of(199, 400, 500)).noneMatch(check.matcher()::matches);
    }
}
