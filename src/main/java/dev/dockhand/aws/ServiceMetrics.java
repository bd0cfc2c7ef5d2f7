package dev.dockhand.aws;

import dev.dockhand.monitor.MetricPoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's CPU and memory utilisation (AWS/ECS, average and maximum) and running-task count
 * (Container Insights), 60 s periods, read with one GetMetricData call that asks for every series. The
 * first read covers the look-back; each later one asks only for the periods after the last point seen.
 */
final class ServiceMetrics {

    /** Points of both charts at one period. */
    record Period(MetricPoint cpu, MetricPoint memory) {
    }

    static final int PERIOD_SECONDS = 60;

    private final AwsSession session;
    private final String cluster;
    private final String service;
    private final Duration lookback;
    private Instant from;

    ServiceMetrics(AwsSession session, String cluster, String service, Duration lookback) {
        this.session = session;
        this.cluster = cluster;
        this.service = service;
        this.lookback = lookback;
    }

    /** The periods completed since the last read, oldest first. */
    List<Period> read(Instant now) throws AwsFailure {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant earliest = end.minus(lookback);
        Instant start = from == null || from.isBefore(earliest) ? earliest : from;
        if (!start.isBefore(end)) {
            return List.of();
        }
        List<MetricDataQuery> queries = List.of(
                query("cpuAverage", "AWS/ECS", "CPUUtilization", "Average"),
                query("cpuMaximum", "AWS/ECS", "CPUUtilization", "Maximum"),
                query("memoryAverage", "AWS/ECS", "MemoryUtilization", "Average"),
                query("memoryMaximum", "AWS/ECS", "MemoryUtilization", "Maximum"),
                query("runningTasks", "ECS/ContainerInsights", "RunningTaskCount", "Average"));
        Map<String, TreeMap<Instant, Double>> series = new HashMap<>();
        String token = null;
        do {
            String page = token;
            GetMetricDataResponse answer = session.call("reading CPU and memory (CloudWatch GetMetricData)", () ->
                    session.cloudWatch().getMetricData(b -> b.metricDataQueries(queries).startTime(start).endTime(end)
                            .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(page)));
            for (MetricDataResult result : answer.metricDataResults()) {
                TreeMap<Instant, Double> values = series.computeIfAbsent(result.id(), id -> new TreeMap<>());
                for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                    Instant time = result.timestamps().get(i);
                    if (!time.isBefore(start) && time.isBefore(end)) {
                        values.put(time, result.values().get(i));
                    }
                }
            }
            token = answer.nextToken();
        } while (token != null && !token.isBlank());
        TreeMap<Instant, Double> cpuAverage = series.getOrDefault("cpuAverage", new TreeMap<>());
        TreeMap<Instant, Double> memoryAverage = series.getOrDefault("memoryAverage", new TreeMap<>());
        List<Period> periods = new ArrayList<>();
        for (Map.Entry<Instant, Double> cpu : cpuAverage.entrySet()) {
            Instant time = cpu.getKey();
            Double memory = memoryAverage.get(time);
            if (memory == null) {
                continue; // a period is shown once both charts have it
            }
            // Container Insights may be off: then the running-task count is unknown (-1), not zero.
            Double tasks = series.getOrDefault("runningTasks", new TreeMap<>()).get(time);
            int running = tasks == null ? -1 : (int) Math.round(tasks);
            periods.add(new Period(
                    new MetricPoint(time, cpu.getValue(), series.getOrDefault("cpuMaximum", cpuAverage).getOrDefault(time, cpu.getValue()), running),
                    new MetricPoint(time, memory, series.getOrDefault("memoryMaximum", memoryAverage).getOrDefault(time, memory), running)));
        }
        if (!periods.isEmpty()) {
            from = periods.get(periods.size() - 1).cpu().time().plusSeconds(PERIOD_SECONDS);
        }
        return periods;
    }

    private MetricDataQuery query(String id, String namespace, String metric, String statistic) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(stat -> stat
                .metric(m -> m.namespace(namespace).metricName(metric).dimensions(
                        Dimension.builder().name("ClusterName").value(cluster).build(),
                        Dimension.builder().name("ServiceName").value(service).build()))
                .period(PERIOD_SECONDS).stat(statistic)).build();
    }
}
