package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class DurationsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|PT0S", "0s|PT0S", "+5s|PT5S", "300ms|PT0.3S", "5s|PT5S", "1h30m|PT1H30M", "1.5h|PT1H30M",
        "2us|PT0.000002S", "2\u00b5s|PT0.000002S", "2\u03bcs|PT0.000002S", "10ns|PT0.00000001S",
        "1d|PT24H", "1w|PT168H", "1d2h3m4s5ms6us7ns|PT26H3M4.005006007S", ".5s|PT0.5S", "5.s|PT5S",
        "1.0000000001s|PT1S", "'  30s  '|PT30S", "1m1m|PT2M", "2562047h47m16.854775807s|PT2562047H47M16.854775807S"})
    void parse_valid(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid duration \"\": is empty",
        "'   '|invalid duration \"   \": is empty",
        "5x|invalid duration \"5x\": unknown unit \"x\" (use ns, us, ms, s, m, h, d, w)",
        "5S|invalid duration \"5S\": unknown unit \"S\" (use ns, us, ms, s, m, h, d, w)",
        "5|invalid duration \"5\": missing unit after \"5\" (use ns, us, ms, s, m, h, d, w)",
        "1h30|invalid duration \"1h30\": missing unit after \"30\" (use ns, us, ms, s, m, h, d, w)",
        "-5s|invalid duration \"-5s\": negative durations are not allowed",
        "-0|invalid duration \"-0\": negative durations are not allowed",
        "s|invalid duration \"s\": expected a number at \"s\"",
        ".s|invalid duration \".s\": expected a number at \".s\"",
        "+|invalid duration \"+\": expected a number after the sign",
        "1..5s|invalid duration \"1..5s\": missing unit after \"1.\" (use ns, us, ms, s, m, h, d, w)",
        "5 s|invalid duration \"5 s\": unknown unit \" s\" (use ns, us, ms, s, m, h, d, w)",
        "\u0665s|invalid duration \"\u0665s\": expected a number at \"\u0665s\"",
        "2562047h47m16.854775808s|invalid duration \"2562047h47m16.854775808s\": larger than the maximum 106751d23h47m16s854ms775us807ns",
        "99999999999999999999999w|invalid duration \"99999999999999999999999w\": larger than the maximum 106751d23h47m16s854ms775us807ns"})
    void parse_invalid_saysWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void parse_veryLongText_abbreviatedInMessage() {
        String text = "1".repeat(100_000) + "s";
        assertThatThrownBy(() -> Durations.parse(text))
                .hasMessage("invalid duration \"" + "1".repeat(37) + "...\": larger than the maximum 106751d23h47m16s854ms775us807ns");
    }

    @Test
    void parse_longFractionWithinRange_truncatedToNanos() {
        assertThat(Durations.parse("0." + "9".repeat(10_000) + "s")).isEqualTo(Duration.ofNanos(999_999_999));
    }

    @Test
    void parse_null_rejected() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("duration text must not be null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PT0S|0s", "PT0.3S|300ms", "PT1H30M|1h30m", "PT26H|1d2h", "PT168H|7d", "PT1.5S|1s500ms",
        "PT0.000000001S|1ns", "PT-1.5S|-1s500ms"})
    void format_compact(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }

    @Test
    void format_max_isParsedBack() {
        assertThat(Durations.format(Durations.MAX)).isEqualTo("106751d23h47m16s854ms775us807ns");
        assertThat(Durations.parse(Durations.format(Durations.MAX))).isEqualTo(Durations.MAX);
    }

    @Test
    void format_beyondMax_stillExact() {
        assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
                .isEqualTo("106751991167300d15h30m7s999ms999us999ns");
    }
}
