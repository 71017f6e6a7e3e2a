package io.hsu.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import io.hsu.health.TcpCheckConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tcp probe against a listener on 127.0.0.1, open and then closed. */
final class TcpProbeTest {

    @Test
    void anOpenListener_isHealthy_andAClosedOneIsNot() throws Exception {
        int port;
        Probe probe;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            probe = Probe.of(TcpCheckConfig.of("127.0.0.1", port), ProbeTarget.NONE);
            assertThat(probe.check(Duration.ofSeconds(5))).isEqualTo(ProbeResult.healthy("tcp 127.0.0.1:" + port + ": connected"));
        }

        ProbeResult closed = probe.check(Duration.ofSeconds(5));

        assertThat(closed).isEqualTo(ProbeResult.unhealthy("tcp 127.0.0.1:" + port + ": Connection refused"));
    }

    @Test
    void anUnknownHost_saysSo() throws Exception {
        ProbeResult r = Probe.of(TcpCheckConfig.of("no-such-host.invalid", 80), ProbeTarget.NONE).check(Duration.ofSeconds(5));

        assertThat(r).isEqualTo(ProbeResult.unhealthy("tcp no-such-host.invalid:80: unknown host 'no-such-host.invalid'"));
    }
}
