package dev.dockhand.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.CloudWatchMetrics;
import dev.dockhand.testing.EcsServiceStub;
import dev.dockhand.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static dev.dockhand.testing.AwsStub.jsonError;
import static dev.dockhand.testing.EcsServiceStub.AUTOSCALING;
import static dev.dockhand.testing.EcsServiceStub.ECS;
import static dev.dockhand.testing.EcsServiceStub.LOGS;
import static dev.dockhand.testing.EcsServiceStub.calls;
import static dev.dockhand.testing.EcsServiceStub.metricCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS watcher against the wire-protocol stub, on a clock the test moves: cadence, content, back-off, actions. */
class EcsServiceWatcherTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:30Z");

    private final AwsStub aws = new AwsStub();
    private final MutableClock clock = new MutableClock(START);
    private final EcsServiceStub service = new EcsServiceStub(aws, START);
    private final EcsServiceWatcher watcher = new EcsServiceWatcher(aws.session().forWatching(), "app", "app", clock,
            Duration.ofHours(1));

    @AfterEach
    void stop() {
        watcher.close();
        aws.close();
    }

    private int count(String target, String operation) {
        return aws.server.countRequestsMatching(calls(target, operation).build()).getCount();
    }

    private int metricReads() {
        return aws.server.countRequestsMatching(metricCalls().build()).getCount();
    }

    /** Polls every {@code every} for {@code span}, as the window does; returns the last snapshot. */
    private ServiceSnapshot watchFor(Duration span, Duration every) throws AwsFailure {
        ServiceSnapshot last = null;
        for (Duration t = Duration.ZERO; t.compareTo(span) < 0; t = t.plus(every)) {
            last = watcher.poll();
            clock.advance(every);
        }
        return last;
    }

    @Test
    void inSteadyStateEcsIsReadEveryTenSecondsAndMetricsScalingAndTargetsEveryMinute() throws Exception {
        watchFor(Duration.ofMinutes(2), Duration.ofSeconds(10)); // settle: the first reads and the links
        aws.server.resetRequests();

        watchFor(Duration.ofMinutes(5), Duration.ofSeconds(10));

        // Calls per minute in steady state, over five minutes of polls every 10 s.
        assertThat(count(ECS, "DescribeServices") / 5.0).isEqualTo(6.0);
        assertThat(count(ECS, "ListTasks") / 5.0).isEqualTo(12.0); // running and stopped
        assertThat(count(ECS, "DescribeTasks") / 5.0).isEqualTo(6.0);
        assertThat(metricReads() / 5.0).isEqualTo(1.0);
        assertThat(count(AUTOSCALING, "DescribeScalingActivities") / 5.0).isEqualTo(1.0);
        assertThat(aws.server.countRequestsMatching(AwsStub.query("DescribeTargetHealth").build().getRequest()).getCount() / 5.0)
                .isEqualTo(1.0);
        // Found once, not on every poll.
        assertThat(count(ECS, "DescribeTaskDefinition")).isZero();
        assertThat(aws.server.countRequestsMatching(AwsStub.query("DescribeStacks").build().getRequest()).getCount()).isZero();
        assertThat(count(LOGS, "FilterLogEvents")).as("the log is read only while its tail is open").isZero();
    }

    @Test
    void pollingFasterThanTheCadenceDoesNotCallAwsMoreOften() throws Exception {
        watchFor(Duration.ofMinutes(1), Duration.ofSeconds(10));
        aws.server.resetRequests();

        watchFor(Duration.ofMinutes(3), Duration.ofSeconds(2));

        assertThat(count(ECS, "DescribeServices")).isEqualTo(18);
        assertThat(metricReads()).isEqualTo(3);
    }

    @Test
    void everyMetricSeriesComesInOneCallAndLaterCallsAskOnlyForNewPeriods() throws Exception {
        ServiceSnapshot last4 = watchFor(Duration.ofMinutes(4), Duration.ofSeconds(10));

        List<JsonNode> requests = new ArrayList<>();
        for (LoggedRequest r : aws.server.findAll(metricCalls())) {
            assertThat(r.getHeader("smithy-protocol")).isEqualTo("rpc-v2-cbor");
            requests.add(CloudWatchMetrics.CBOR.readTree(r.getBody()));
        }
        requests.sort((a, b) -> Long.compare(a.path("EndTime").asLong(), b.path("EndTime").asLong()));
        assertThat(requests).hasSize(4);
        for (JsonNode request : requests) {
            List<String> asked = new ArrayList<>();
            request.path("MetricDataQueries").forEach(q -> asked.add(q.path("MetricStat").path("Metric").path("Namespace").asText()
                    + " " + q.path("MetricStat").path("Metric").path("MetricName").asText() + " " + q.path("MetricStat").path("Stat").asText()));
            assertThat(asked).containsExactlyInAnyOrder("AWS/ECS CPUUtilization Average", "AWS/ECS CPUUtilization Maximum",
                    "AWS/ECS MemoryUtilization Average", "AWS/ECS MemoryUtilization Maximum",
                    "ECS/ContainerInsights RunningTaskCount Average");
            request.path("MetricDataQueries").forEach(q -> assertThat(q.path("MetricStat").path("Period").asInt()).isEqualTo(60));
        }
        // The first read covers the look-back; each later one starts where the previous one's data ended.
        assertThat(requests.get(0).path("EndTime").asLong() - requests.get(0).path("StartTime").asLong()).isEqualTo(3600);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).path("StartTime").asLong()).isEqualTo(requests.get(i - 1).path("EndTime").asLong());
        }
        List<MetricPoint> cpu = last4.cpu();
        assertThat(cpu).hasSize(63); // 60 from the look-back, then one per minute
        assertThat(cpu).extracting(MetricPoint::time).doesNotHaveDuplicates().isSorted();
        MetricPoint last = cpu.get(cpu.size() - 1);
        assertThat(last.average()).isEqualTo(CloudWatchMetrics.cpuAverage(last.time()));
        assertThat(last.maximum()).isEqualTo(last.average() + 15);
        assertThat(last.runningTasks()).isEqualTo(2);
    }

    @Test
    void theSnapshotShowsTasksTargetsDeploymentsScalingAndEvents() throws Exception {
        ServiceSnapshot s = watcher.poll();

        assertThat(s.service()).isEqualTo("app");
        assertThat(s.status()).isEqualTo("ACTIVE");
        assertThat(List.of(s.desired(), s.running(), s.pending())).containsExactly(2, 2, 0);
        assertThat(s.url()).isEqualTo(EcsServiceStub.URL);
        assertThat(s.deployments()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("PRIMARY");
            assertThat(d.rolloutState()).isEqualTo("COMPLETED");
            assertThat(d.image()).isEqualTo("app:3");
        });
        assertThat(s.tasks()).extracting(TaskInfo::id).containsExactly("0f3c1a", "7d2e9b", "5b8c44");
        TaskInfo first = s.tasks().get(0);
        assertThat(first.availabilityZone()).isEqualTo("eu-west-1a");
        assertThat(first.privateIp()).isEqualTo("10.0.1.7");
        assertThat(first.health()).as("the load balancer's view").isEqualTo("HEALTHY");
        assertThat(s.tasks().get(1).health()).isEqualTo("INITIAL");
        TaskInfo stopped = s.tasks().get(2);
        assertThat(stopped.status()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).startsWith("Task failed ELB health checks");
        assertThat(stopped.stopSummary()).as("the same causes as the Deploy step")
                .isEqualTo("The task failed the load balancer's health checks on /health (port 3000).");
        assertThat(stopped.stoppedAt()).isEqualTo(START.minusSeconds(120));
        assertThat(s.targets()).hasSize(2);
        assertThat(s.targets().get(1).reason()).isEqualTo("Target registration is in progress");
        assertThat(s.activities()).singleElement().satisfies(a -> {
            assertThat(a.description()).isEqualTo("Setting desired count to 3.");
            assertThat(a.cause()).contains("triggered policy app-cpu");
            assertThat(a.status()).startsWith("Successful");
        });
        assertThat(s.events()).extracting(e -> e.message()).first().asString().contains("steady state");
        assertThat(s.scaling().min()).isEqualTo(2);
        assertThat(s.scaling().max()).isEqualTo(6);
        assertThat(s.scaling().cpuTargetPercent()).isEqualTo(60.0);
        assertThat(s.cpu()).hasSize(60);
        assertThat(s.memory()).hasSize(60).allSatisfy(p -> assertThat(p.average()).isEqualTo(40.0));
        assertThat(s.notices()).isEmpty();
        assertThat(watcher.links().stackName()).isEqualTo("app");
        assertThat(watcher.links().logGroup()).isEqualTo("/ecs/app");
    }

    @Test
    void throttlingSlowsTheThrottledCallsDownAndTheyRecoverAfterwards() throws Exception {
        watcher.poll();
        clock.advance(Duration.ofSeconds(10));
        var throttled = aws.server.stubFor(EcsServiceStub.ecs("DescribeServices").atPriority(1)
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")));
        aws.server.resetRequests();

        ServiceSnapshot during = watchFor(Duration.ofMinutes(5), Duration.ofSeconds(10));

        // Unthrottled that would be 30 calls; waiting 20, 40, 80, then 160 s after each refusal leaves 4.
        assertThat(count(ECS, "DescribeServices")).isEqualTo(4);
        assertThat(during.notices()).anySatisfy(n -> assertThat(n).contains("throttling"));
        assertThat(during.time()).as("the last answer is kept and shown as old").isEqualTo(START);
        assertThat(metricReads()).as("other groups keep their own pace").isEqualTo(5);

        aws.server.removeStub(throttled);
        clock.advance(Duration.ofMinutes(5));
        ServiceSnapshot after = watcher.poll();
        clock.advance(Duration.ofSeconds(10));
        aws.server.resetRequests();
        watchFor(Duration.ofMinutes(1), Duration.ofSeconds(10));
        assertThat(count(ECS, "DescribeServices")).isEqualTo(6);
        assertThat(after.notices()).isEmpty();
    }

    @Test
    void aMissingServiceFailsWithTheNextStep() {
        aws.server.stubFor(EcsServiceStub.ecs("DescribeServices").atPriority(1).willReturn(AwsStub.jsonBody(
                "{\"services\":[],\"failures\":[{\"arn\":\"arn:aws:ecs:eu-west-1:123456789012:service/app/app\",\"reason\":\"MISSING\"}]}")));

        assertThatThrownBy(watcher::poll).isInstanceOf(AwsFailure.class)
                .hasMessageContaining("There is no ECS service \"app\" in cluster \"app\" (MISSING)")
                .hasMessageContaining("check the cluster, service and region");
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(watcher::poll).as("not asked again before it is due").isInstanceOf(AwsFailure.class);
        assertThat(count(ECS, "DescribeServices")).isEqualTo(1);
    }

    @Test
    void metricsThatCannotBeReadAreANoticeAndTheRestIsShown() throws Exception {
        aws.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(CloudWatchMetrics.PATH)).atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(403)
                        .withHeader("smithy-protocol", "rpc-v2-cbor").withHeader("Content-Type", "application/cbor")
                        .withBody(cborError("AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not authorized to "
                                + "perform: cloudwatch:GetMetricData"))));

        ServiceSnapshot s = watcher.poll();

        assertThat(s.tasks()).hasSize(3);
        assertThat(s.cpu()).isEmpty();
        assertThat(s.notices()).singleElement().asString().contains("cloudwatch:GetMetricData");
    }

    private static byte[] cborError(String type, String message) throws IOException {
        return CloudWatchMetrics.CBOR.writeValueAsBytes(java.util.Map.of("__type", type, "message", message));
    }

    @Test
    void theLogTailReturnsOnlyNewLinesAndAsksFromTheLastOneSeen() throws Exception {
        watcher.poll();

        List<LogLine> first = watcher.newLogLines();
        clock.advance(Duration.ofSeconds(1));
        List<LogLine> notDue = watcher.newLogLines();
        clock.advance(Duration.ofSeconds(3));
        List<LogLine> again = watcher.newLogLines();

        assertThat(first).extracting(LogLine::message).containsExactly("listening on 3000", "GET /healthz 200");
        assertThat(first.get(0).stream()).isEqualTo("app/app/0f3c1a");
        assertThat(notDue).isEmpty();
        assertThat(again).as("the same events are not shown twice").isEmpty();
        List<LoggedRequest> reads = aws.server.findAll(calls(LOGS, "FilterLogEvents"));
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).getBodyAsString()).contains("\"logGroupName\":\"/ecs/app\"")
                .contains("\"startTime\":" + START.minus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(reads.get(1).getBodyAsString()).contains("\"startTime\":" + (START.toEpochMilli() - 10_000));
    }

    @Test
    void actionsCallEcsAndAutoScalingAndRefreshAtOnce() throws Exception {
        watcher.poll();
        aws.server.resetRequests();

        watcher.setDesired(4);
        watcher.setLimits(3, 8);
        watcher.forceNewDeployment();
        watcher.stopTask("0f3c1a");
        watcher.poll();

        List<String> updates = aws.server.findAll(calls(ECS, "UpdateService")).stream().map(LoggedRequest::getBodyAsString).toList();
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0)).contains("\"desiredCount\":4");
        assertThat(updates.get(1)).contains("\"forceNewDeployment\":true");
        assertThat(aws.server.findAll(calls(AUTOSCALING, "RegisterScalableTarget")).get(0).getBodyAsString())
                .contains("\"MinCapacity\":3").contains("\"MaxCapacity\":8").contains("\"ResourceId\":\"service/app/app\"");
        assertThat(aws.server.findAll(calls(ECS, "StopTask")).get(0).getBodyAsString()).contains("\"task\":\"0f3c1a\"")
                .contains("\"cluster\":\"app\"");
        assertThat(count(ECS, "DescribeServices")).as("read again at once after an action").isEqualTo(1);
    }

    @Test
    void aDesiredCountOutsideTheBoundsIsRefusedBeforeAnyCall() throws Exception {
        watcher.poll();
        aws.server.resetRequests();

        assertThatThrownBy(() -> watcher.setDesired(9)).isInstanceOf(AwsFailure.class)
                .hasMessageContaining("outside the autoscaling bounds 2 to 6").hasMessageContaining("minimum or maximum first");
        assertThatThrownBy(() -> watcher.setLimits(5, 3)).isInstanceOf(AwsFailure.class).hasMessageContaining("at most the maximum");
        assertThat(aws.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBlueGreenDeploymentShowsItsStageTrafficBakeTimeAndTestUrlAndRollsBackOnRequest() throws Exception {
        service.stubBlueGreen("BAKE_TIME", 150);

        ServiceSnapshot s = watcher.poll();

        dev.dockhand.monitor.BlueGreenStatus blueGreen = s.blueGreen();
        assertThat(blueGreen).isNotNull();
        assertThat(blueGreen.stage()).isEqualTo("BAKE_TIME");
        assertThat(blueGreen.trafficToNewPercent()).as("from the production rule's weights").isEqualTo(100);
        assertThat(blueGreen.bakeLeft()).isEqualTo(Duration.ofSeconds(450));
        assertThat(blueGreen.testUrl()).isEqualTo(EcsServiceStub.TEST_URL);
        assertThat(blueGreen.canRollBack()).isTrue();

        watcher.rollBackDeployment();

        List<LoggedRequest> stops = aws.server.findAll(calls(ECS, "StopServiceDeployment"));
        assertThat(stops).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                .contains("\"serviceDeploymentArn\":\"" + EcsServiceStub.DEPLOYMENT_ARN + "\"").contains("\"stopType\":\"ROLLBACK\""));
    }

    @Test
    void aRollingServiceHasNoBlueGreenStatusAndNothingToRollBack() throws Exception {
        ServiceSnapshot s = watcher.poll();

        assertThat(s.blueGreen()).isNull();
        assertThat(count(ECS, "ListServiceDeployments")).as("no calls for a rolling service").isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(watcher::rollBackDeployment).isInstanceOf(AwsFailure.class)
                .hasMessageContaining("No blue/green deployment");
    }
}
