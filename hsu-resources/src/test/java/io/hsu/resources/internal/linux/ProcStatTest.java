package io.hsu.resources.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ProcStatTest {

    private static ProcFiles.Buffer buffer(String text) {
        ProcFiles.Buffer b = new ProcFiles.Buffer();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, b.bytes, 0, bytes.length);
        b.length = bytes.length;
        return b;
    }

    @Test
    void parseStat_commandWithSpacesAndParens() {
        ProcFiles.Buffer b = buffer("4242 (evil ) (name) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 "
                + "12345 1048576 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        long[] f = new long[6];

        assertThat(ProcSampler.parseStat(b, f)).isTrue();

        assertThat(f).containsExactly(17, 250, 50, 3, 1048576, 300);
    }

    @Test
    void afterKey_andNumberAt_readStatusLines() {
        ProcFiles.Buffer b = buffer("Name:\tx\nVmRSS:\t  1200 kB\nVmSwap:\t     64 kB\n");
        assertThat(b.numberAt(b.afterKey("VmSwap:"))).isEqualTo(64);
        assertThat(b.numberAt(b.afterKey("Missing:"))).isEqualTo(-1);
    }
}
