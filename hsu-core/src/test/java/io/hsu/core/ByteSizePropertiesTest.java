package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

final class ByteSizePropertiesTest {

    @Test
    void toStringThenParse_givesTheSameSize() {
        qt().forAll(longs().between(0, Long.MAX_VALUE))
                .checkAssert(bytes -> assertThat(ByteSize.parse(ByteSize.ofBytes(bytes).toString()))
                        .isEqualTo(ByteSize.ofBytes(bytes)));
    }

    @Test
    void toStringThenParse_roundSizes_givesTheSameSize() {
        long[] factors = {1, 1_000, 1_024, 1_000_000, 1L << 20, 1_000_000_000, 1L << 30, 1L << 40};
        qt().forAll(integers().between(0, 1_000_000), integers().between(0, factors.length - 1))
                .checkAssert((amount, unit) -> {
                    ByteSize size = ByteSize.ofBytes(amount * factors[unit]);
                    assertThat(ByteSize.parse(size.toString())).isEqualTo(size);
                });
    }
}
