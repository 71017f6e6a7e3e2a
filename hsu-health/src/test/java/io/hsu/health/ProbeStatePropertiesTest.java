package io.hsu.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The threshold arithmetic against a direct restatement of Kubernetes's rules. */
final class ProbeStatePropertiesTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static ProbeState run(List<Boolean> results, int successThreshold, int failureThreshold) {
        ProbeState s = ProbeState.INITIAL;
        for (boolean ok : results) {
            s = s.next(ok ? ProbeResult.healthy("ok") : ProbeResult.unhealthy("bad"), AT, successThreshold, failureThreshold);
        }
        return s;
    }

    /** The length of the run of equal values at the end of the list. */
    private static int trailing(List<Boolean> results, boolean value) {
        int n = 0;
        for (int i = results.size() - 1; i >= 0 && results.get(i) == value; i--) {
            n++;
        }
        return n;
    }

    @Test
    void statusAndReadiness_followTheLastRunsOfResults() {
        qt().forAll(lists().of(booleans().all()).ofSizeBetween(0, 40), integers().between(1, 5), integers().between(1, 5))
                .checkAssert((results, st, ft) -> {
                    ProbeState s = run(results, st, ft);
                    assertThat(s.checks()).isEqualTo(results.size());
                    assertThat(s.successes()).isEqualTo(trailing(results, true));
                    assertThat(s.failures()).isEqualTo(trailing(results, false));
                    if (results.isEmpty()) {
                        assertThat(s.status()).isEqualTo(HealthStatus.UNKNOWN);
                        return;
                    }
                    if (s.successes() >= st) {
                        assertThat(s.status()).isEqualTo(HealthStatus.HEALTHY);
                        assertThat(s.ready()).isTrue();
                    }
                    if (s.failures() >= ft) {
                        assertThat(s.status()).isEqualTo(HealthStatus.UNHEALTHY);
                        assertThat(s.ready()).isFalse();
                    }
                    if (s.failures() > 0 && s.failures() < ft) {
                        assertThat(s.status()).isIn(HealthStatus.DEGRADED, HealthStatus.UNHEALTHY);
                    }
                    // Readiness is the last threshold reached, if any.
                    boolean expectedReady = false;
                    for (int i = 1; i <= results.size(); i++) {
                        List<Boolean> prefix = results.subList(0, i);
                        if (trailing(prefix, true) >= st) {
                            expectedReady = true;
                        } else if (trailing(prefix, false) >= ft) {
                            expectedReady = false;
                        }
                    }
                    assertThat(s.ready()).isEqualTo(expectedReady);
                });
    }

    @Test
    void oneResult_fromInitial() {
        assertThat(run(List.of(true), 1, 3).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(run(List.of(true), 2, 3).status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(run(List.of(false), 1, 3).status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(run(List.of(false), 1, 1).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(run(List.of(false, false, false, true), 2, 3).status()).isEqualTo(HealthStatus.UNHEALTHY);
    }
}
