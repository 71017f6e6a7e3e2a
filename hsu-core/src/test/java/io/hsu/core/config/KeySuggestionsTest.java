package io.hsu.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class KeySuggestionsTest {
    private static final List<String> KEYS = List.of("graceful_timeout", "stop_signal", "port", "id");

    @Test
    void closest_typos() {
        assertThat(KeySuggestions.closest("gracefull_timeout", KEYS)).contains("graceful_timeout");
        assertThat(KeySuggestions.closest("stpo_signal", KEYS)).contains("stop_signal");
        assertThat(KeySuggestions.closest("Port", KEYS)).contains("port");
        assertThat(KeySuggestions.closest("ip", KEYS)).contains("id");
    }

    @Test
    void closest_tooFar_none() {
        assertThat(KeySuggestions.closest("zzz", KEYS)).isEmpty();
        assertThat(KeySuggestions.closest("x", KEYS)).isEmpty();
        assertThat(KeySuggestions.closest("x".repeat(100_000), KEYS)).isEmpty();
    }

    @Test
    void distance_countsSwapsAsOne() {
        assertThat(KeySuggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(KeySuggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
