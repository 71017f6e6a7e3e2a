package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DurationsPropertiesTest {

    @Test
    void formatThenParse_givesTheSameDuration() {
        qt().forAll(longs().between(0, Long.MAX_VALUE))
                .checkAssert(nanos -> assertThat(Durations.parse(Durations.format(Duration.ofNanos(nanos))))
                        .isEqualTo(Duration.ofNanos(nanos)));
    }

    @Test
    void formatThenParse_roundValues_givesTheSameDuration() {
        qt().forAll(integers().between(0, 100_000), integers().between(0, 6))
                .checkAssert((amount, unit) -> {
                    Duration d = Duration.ofNanos(amount * new long[] {1, 1_000, 1_000_000, 1_000_000_000L,
                        60_000_000_000L, 3_600_000_000_000L, 86_400_000_000_000L}[unit]);
                    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
                });
    }

    @Test
    void format_isCompact_noZeroParts() {
        qt().forAll(longs().between(1, Long.MAX_VALUE))
                .checkAssert(nanos -> assertThat(Durations.format(Duration.ofNanos(nanos)))
                        .doesNotContainPattern("(^|[a-z])0[a-z]"));
    }
}
