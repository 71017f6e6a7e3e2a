package io.hsu.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TimestampExtractionTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00.123Z");

    @Test
    void rfc3339_fromTheStartOfAPlainLine_withOrWithoutOffset() {
        TimestampExtraction x = TimestampExtraction.rfc3339();
        assertThat(x.extract("2026-11-26T10:00:00.123Z GET /", Map.of())).contains(T);
        assertThat(x.extract("2026-11-26T12:00:00.123+02:00 GET /", Map.of())).contains(T);
        assertThat(x.extract("2026-11-26 10:00:00,123 INFO started", Map.of())).contains(T);
        assertThat(x.withZone(ZoneId.of("Europe/Paris")).extract("2026-11-26 11:00:00.123 INFO", Map.of())).contains(T);
    }

    @Test
    void lineWithoutATimestamp_keepsNone() {
        TimestampExtraction x = TimestampExtraction.rfc3339();
        assertThat(x.extract("GET / 200", Map.of())).isEmpty();
        assertThat(x.extract("2026-13-45T10:00:00Z bad date", Map.of())).isEmpty();
        assertThat(x.extract("", Map.of())).isEmpty();
        assertThat(x.extract("12345", Map.of())).isEmpty();
    }

    @Test
    void fields_firstPresentWins_numbersAreEpochSeconds() {
        TimestampExtraction x = TimestampExtraction.rfc3339();
        assertThat(x.extract("{}", Map.of("ts", "2026-11-26T10:00:00.123Z"))).contains(T);
        assertThat(x.extract("{}", Map.of("time", 1_795_687_200.123))).contains(T);
        assertThat(x.extract("{}", Map.of("time", "yesterday", "ts", "2026-11-26T10:00:00.123Z"))).contains(T);
        assertThat(x.withFields(List.of("when")).extract("{}", Map.of("ts", "2026-11-26T10:00:00Z"))).isEmpty();
    }

    @Test
    void unixFormats_readStringsToo() {
        assertThat(TimestampExtraction.rfc3339().withFormat(TimestampExtraction.Format.UNIX_MS)
                .extract("{}", Map.of("ts", "1795687200123"))).contains(T);
        assertThat(TimestampExtraction.rfc3339().withFormat(TimestampExtraction.Format.UNIX)
                .extract("{}", Map.of("ts", "1795687200.123"))).contains(T);
        assertThat(TimestampExtraction.rfc3339().withFormat(TimestampExtraction.Format.UNIX)
                .extract("1795687200 plain lines have no epoch prefix", Map.of())).isEmpty();
    }

    @Test
    void pattern_readsAPrefixInTheZone() {
        TimestampExtraction x = TimestampExtraction.pattern("dd/MMM/yyyy:HH:mm:ss.SSS").withZone(ZoneId.of("UTC"));
        assertThat(x.extract("26/Nov/2026:10:00:00.123 \"GET /\" 200", Map.of())).contains(T);
        assertThat(x.extract("no time here", Map.of())).isEmpty();
        assertThatThrownBy(() -> TimestampExtraction.pattern("yyyy-MM-dd {")).isInstanceOf(IllegalArgumentException.class);
    }
}
