package dev.dockhand.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ContainerLogLineTest {

    @Test
    void readsTheEnginesTimeStampAndKeepsTheTextAsWritten() {
        Containers.LogLine line = Containers.parseTimestamped("2026-11-28T05:40:01.123456789Z GET /  200 took 3 ms");

        assertThat(line.time()).isEqualTo(Instant.parse("2026-11-28T05:40:01.123456789Z"));
        assertThat(line.text()).isEqualTo("GET /  200 took 3 ms");
    }

    @Test
    void anEmptyLineIsKept() {
        assertThat(Containers.parseTimestamped("2026-11-28T05:40:01.5Z ").text()).isEmpty();
    }

    @Test
    void aLineWithoutTimeStampIsSkipped() {
        assertThat(Containers.parseTimestamped("listening on 3000")).isNull();
        assertThat(Containers.parseTimestamped("")).isNull();
        assertThat(Containers.parseTimestamped("notatime text")).isNull();
    }
}
