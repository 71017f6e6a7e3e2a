package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class BackoffPropertiesTest {

    @Test
    void delay_isNeverAboveTheCap_withOrWithoutJitter() {
        qt().forAll(longs().between(0, 60_000), doubles().between(1.0, 10.0), longs().between(0, 600_000),
                        integers().between(1, 10_000))
                .assuming((initial, rate, max, attempt) -> max >= initial)
                .checkAssert((initial, rate, max, attempt) -> {
                    Duration cap = Duration.ofMillis(max);
                    Backoff plain = Backoff.exponential(Duration.ofMillis(initial), rate, cap);
                    Backoff jittered = plain.withJitter(0.5, cap, RandomGenerator.of("L64X128MixRandom"));
                    assertThat(plain.delay(attempt)).isBetween(Duration.ZERO, cap);
                    assertThat(jittered.delay(attempt)).isBetween(Duration.ZERO, cap);
                });
    }

    @Test
    void delay_withoutJitter_neverDecreases() {
        qt().forAll(longs().between(0, 60_000), doubles().between(1.0, 4.0), integers().between(1, 200))
                .checkAssert((initial, rate, attempt) -> {
                    Backoff b = Backoff.exponential(Duration.ofMillis(initial), rate, Duration.ofMinutes(5));
                    assertThat(b.delay(attempt + 1)).isGreaterThanOrEqualTo(b.delay(attempt));
                });
    }

    @Test
    void jitter_staysWithinItsFraction() {
        qt().forAll(longs().between(1, 60_000), doubles().between(0.0, 1.0), integers().between(1, 50))
                .checkAssert((initial, factor, attempt) -> {
                    Backoff base = Backoff.exponential(Duration.ofMillis(initial), 1.5, Duration.ofHours(1));
                    long nominal = base.delay(attempt).toNanos();
                    long jittered = base.withJitter(factor, Duration.ofHours(1), RandomGenerator.of("L64X128MixRandom"))
                            .delay(attempt).toNanos();
                    assertThat((double) jittered).isBetween(nominal * (1 - factor) - 1, nominal * (1 + factor) + 1);
                });
    }

    @Test
    void exponential_firstAttemptsFollowTheFormula() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(20));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(7500));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(11250));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badArguments_areRejectedWithTheValue() {
        assertThatThrownBy(() -> Backoff.none().delay(0)).hasMessage("attempt must be >= 1, but was 0");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .hasMessage("multiplier must be >= 1.0, but was 0.5");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(3), 2, Duration.ofSeconds(2)))
                .hasMessage("max (2s) must be >= initial (3s)");
        assertThatThrownBy(() -> Backoff.none().withJitter(1.5, Duration.ZERO, RandomGenerator.getDefault()))
                .hasMessage("jitter factor must be between 0 and 1, but was 1.5");
    }
}
