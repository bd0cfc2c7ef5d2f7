package dev.dockhand.aws;

import dev.dockhand.monitor.LogLine;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The newest lines of the service's log group, across its streams (one per task). Each read asks only
 * for events from the last one seen on; events at that same millisecond are told apart by id.
 */
final class LogTail {

    /** How far back the first read looks, and how many lines one read returns at most. */
    static final Duration FIRST_READ = Duration.ofMinutes(10);
    static final int MAX_LINES = 500;

    private final AwsSession session;
    private final String logGroup;
    private long fromMillis = -1;
    private final Set<String> seenAtFrom = new HashSet<>();

    LogTail(AwsSession session, String logGroup) {
        this.session = session;
        this.logGroup = logGroup;
    }

    String logGroup() {
        return logGroup;
    }

    List<LogLine> read(Instant now) throws AwsFailure {
        long start = fromMillis < 0 ? now.minus(FIRST_READ).toEpochMilli() : fromMillis;
        List<LogLine> lines = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            FilterLogEventsResponse answer = session.call("reading the log group " + logGroup + " (CloudWatch Logs)", () ->
                    session.logs().filterLogEvents(b -> b.logGroupName(logGroup).startTime(start).nextToken(page)
                            .limit(MAX_LINES)));
            for (FilteredLogEvent event : answer.events()) {
                long time = event.timestamp() == null ? start : event.timestamp();
                if (time < fromMillis || time == fromMillis && !seenAtFrom.add(event.eventId())) {
                    continue;
                }
                if (time > fromMillis) {
                    fromMillis = time;
                    seenAtFrom.clear();
                    seenAtFrom.add(event.eventId());
                }
                lines.add(new LogLine(Instant.ofEpochMilli(time), event.logStreamName(), event.message()));
            }
            token = answer.nextToken();
        } while (token != null && !token.isBlank() && lines.size() < MAX_LINES);
        if (fromMillis < 0) {
            fromMillis = start;
        }
        return lines;
    }
}
