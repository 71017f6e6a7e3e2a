package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ByteSizeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "1048576|1048576", "+7|7", "10B|10", "512KB|512000", "1MB|1000000", "2GiB|2147483648",
        "1.5MB|1500000", "1.5KiB|1536", "1TB|1000000000000", "1TiB|1099511627776", "1 MB|1000000",
        "1mb|1000000", "1kib|1024", "'  4KiB  '|4096", "8388607TiB|9223370937343148032"})
    void parse_valid(String text, long bytes) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid size \"\": is empty",
        "-1|invalid size \"-1\": negative sizes are not allowed",
        "MB|invalid size \"MB\": expected a number followed by an optional unit (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        "1..5MB|invalid size \"1..5MB\": expected a number followed by an optional unit (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        "5XB|invalid size \"5XB\": unknown unit \"XB\" (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        "1  MB|invalid size \"1  MB\": unknown unit \" MB\" (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        "1.3KiB|invalid size \"1.3KiB\": is not a whole number of bytes (1331.2)",
        "0.5|invalid size \"0.5\": is not a whole number of bytes (0.5)",
        "\u0661\u0662|invalid size \"\u0661\u0662\": expected a number followed by an optional unit (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        "9223372036854775808|invalid size \"9223372036854775808\": larger than the maximum 9223372036854775807 bytes",
        "8388609TiB|invalid size \"8388609TiB\": larger than the maximum 9223372036854775807 bytes"})
    void parse_invalid_saysWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void parse_hugeNumber_refusedWithShortMessage() {
        assertThatThrownBy(() -> ByteSize.parse("9".repeat(100_000)))
                .hasMessage("invalid size \"" + "9".repeat(37) + "...\": larger than the maximum 9223372036854775807 bytes");
    }

    @Test
    void ofBytes_negative_rejected() {
        assertThatThrownBy(() -> ByteSize.ofBytes(-1)).hasMessage("bytes must be >= 0, but was -1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0B", "512|512B", "1000|1KB", "1024|1KiB", "1536|1536B", "1500000|1500KB", "1048576|1MiB",
        "2147483648|2GiB", "1000000000000|1TB", "9223372036854775807|9223372036854775807B"})
    void toString_largestEvenUnit(long bytes, String expected) {
        assertThat(ByteSize.ofBytes(bytes)).hasToString(expected);
    }
}
