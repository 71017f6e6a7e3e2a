package io.hsu.processcontrol.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /proc/net socket tables, from text captured on an x86-64 (little-endian) Linux. */
final class ProcNetSocketsTest {
    private static final String TCP = String.join("\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1066 1 00000000d7a033e4 100 0 0 10 0",
            "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 52731 1 0000000000000000 100 0 0 10 0",
            "   2: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00000F2B 00000000     0        0 0 3 0000000000000000",
            "");
    private static final String TCP6 = String.join("\n",
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77001 1 0000000000000000 100 0 0 10 0",
            "   1: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77002 1 0000000000000000 100 0 0 10 0");
    private static final String UDP = String.join("\n",
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            "  117: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 18212 2 0000000000000000 0");

    @BeforeAll
    static void littleEndian() {
        // The kernel prints addresses in host byte order; the sample text is from a little-endian host.
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void parse_tcp_readsAddressPortStateAndInode() throws Exception {
        List<ProcNetSockets.Socket> sockets = ProcNetSockets.parse(TCP, "/proc/net/tcp");

        assertThat(sockets).containsExactly(
                new ProcNetSockets.Socket(InetAddress.getByName("0.0.0.0"), 2024, ProcNetSockets.TCP_LISTEN, 1066),
                new ProcNetSockets.Socket(InetAddress.getByName("127.0.0.1"), 8080, ProcNetSockets.TCP_LISTEN, 52731),
                new ProcNetSockets.Socket(InetAddress.getByName("127.0.0.1"), 8080, 6, 0));
    }

    @Test
    void parse_tcp6_readsTheAddressWordByWord() throws Exception {
        List<ProcNetSockets.Socket> sockets = ProcNetSockets.parse(TCP6, "/proc/net/tcp6");

        assertThat(sockets).containsExactly(
                new ProcNetSockets.Socket(InetAddress.getByName("::1"), 8081, ProcNetSockets.TCP_LISTEN, 77001),
                new ProcNetSockets.Socket(InetAddress.getByName("::"), 22, ProcNetSockets.TCP_LISTEN, 77002));
    }

    @Test
    void parse_udp_readsAnUnconnectedSocket() throws Exception {
        assertThat(ProcNetSockets.parse(UDP, "/proc/net/udp")).containsExactly(
                new ProcNetSockets.Socket(InetAddress.getByName("127.0.0.53"), 53, 7, 18212));
    }

    @Test
    void parse_headerOnly_isEmpty() {
        assertThat(ProcNetSockets.parse(TCP6.lines().findFirst().orElseThrow() + "\n", "/proc/net/tcp6")).isEmpty();
        assertThat(ProcNetSockets.parse("", "/proc/net/tcp6")).isEmpty();
    }

    @Test
    void parse_badLines_sayWhichFileLineAndWhy() {
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        assertThatThrownBy(() -> ProcNetSockets.parse(header + "   0: 0100007F:1F90 00000000:0000 0A\n", "/proc/net/tcp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse /proc/net/tcp line 2: expected 'sl: local_address rem_address st ... inode'"
                        + " (at least 10 fields), but found 4 fields: 0: 0100007F:1F90 00000000:0000 0A");
        assertThatThrownBy(() -> ProcNetSockets.parse(header
                + "   0: 0100007F:XYZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 5 1\n", "/proc/net/tcp"))
                .hasMessageStartingWith("cannot parse /proc/net/tcp line 2: local port must be hex digits, but was 'XYZ'");
        assertThatThrownBy(() -> ProcNetSockets.parse(header
                + "   0: 0100007F1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 5 1\n", "/proc/net/tcp"))
                .hasMessageStartingWith("cannot parse /proc/net/tcp line 2: local_address must be ADDR:PORT,"
                        + " but was '0100007F1F90'");
        assertThatThrownBy(() -> ProcNetSockets.parse(header
                + "   0: 01007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 5 1\n", "/proc/net/tcp"))
                .hasMessageStartingWith("cannot parse /proc/net/tcp line 2: address must be 8 or 32 hex digits,"
                        + " but was '01007F'");
        assertThatThrownBy(() -> ProcNetSockets.parse(header
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 x5 1\n", "/proc/net/tcp"))
                .hasMessageStartingWith("cannot parse /proc/net/tcp line 2: inode must be a decimal number, but was 'x5'");
    }
}
