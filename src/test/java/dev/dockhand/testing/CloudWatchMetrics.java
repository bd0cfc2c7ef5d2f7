package dev.dockhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch's GetMetricData as the stub answers it, in Smithy RPC v2 CBOR: one datapoint per 60 s
 * period inside the request's [StartTime, EndTime), for every query asked, with values that depend only
 * on the period's time (CPU rises and falls over ten minutes; memory stays near 40 %).
 */
public final class CloudWatchMetrics implements ResponseTransformerV2 {

    public static final String NAME = "cloudwatch-get-metric-data";
    public static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    public static final CBORMapper CBOR = new CBORMapper();

    /** The stub's CPU average at a period: a repeating ramp between 20 and 65 %. */
    public static double cpuAverage(Instant period) {
        return 20 + (period.getEpochSecond() / 60 % 10) * 5;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        try {
            JsonNode request = CBOR.readTree(serveEvent.getRequest().getBody());
            long start = request.path("StartTime").asLong();
            long end = request.path("EndTime").asLong();
            long first = (start + 59) / 60 * 60;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CBORGenerator out = (CBORGenerator) new CBORFactory().createGenerator(body)) {
                out.writeStartObject();
                out.writeFieldName("MetricDataResults");
                out.writeStartArray();
                for (JsonNode query : request.path("MetricDataQueries")) {
                    String id = query.path("Id").asText();
                    List<Long> times = new ArrayList<>();
                    for (long t = first; t < end; t += 60) {
                        times.add(t);
                    }
                    out.writeStartObject();
                    out.writeStringField("Id", id);
                    out.writeStringField("Label", query.path("MetricStat").path("Metric").path("MetricName").asText());
                    out.writeStringField("StatusCode", "Complete");
                    out.writeFieldName("Timestamps");
                    out.writeStartArray();
                    for (long t : times) {
                        out.writeTag(1); // CBOR epoch-seconds timestamp, as Smithy RPC v2 encodes them
                        out.writeNumber((double) t);
                    }
                    out.writeEndArray();
                    out.writeFieldName("Values");
                    out.writeStartArray();
                    for (long t : times) {
                        out.writeNumber(value(id, Instant.ofEpochSecond(t)));
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeFieldName("Messages");
                out.writeStartArray();
                out.writeEndArray();
                out.writeEndObject();
            }
            return Response.Builder.like(response).but().status(200)
                    .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/cbor"),
                            new HttpHeader("smithy-protocol", "rpc-v2-cbor")))
                    .body(body.toByteArray()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double value(String id, Instant period) {
        return switch (id) {
            case "cpuAverage" -> cpuAverage(period);
            case "cpuMaximum" -> cpuAverage(period) + 15;
            case "memoryAverage" -> 40;
            case "memoryMaximum" -> 44;
            case "runningTasks" -> 2;
            default -> 0;
        };
    }
}
