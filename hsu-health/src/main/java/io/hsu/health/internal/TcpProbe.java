package io.hsu.health.internal;

import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.TcpCheckConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opens a TCP connection and closes it at once, with a reset (no TIME_WAIT). */
final class TcpProbe implements Probe {
    private final TcpCheckConfig config;

    TcpProbe(TcpCheckConfig config) {
        this.config = config;
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            return ProbeResult.unhealthy(describe() + ": unknown host '" + config.host() + "'");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            // Close with a reset, as kubelet does: a graceful close would leave this side in
            // TIME_WAIT, and a thousand probes a second would run out of ephemeral ports.
            socket.setSoLinger(true, 0);
            return ProbeResult.healthy(describe() + ": connected");
        } catch (SocketTimeoutException e) {
            return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout));
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("tcp check interrupted");
            }
            return ProbeResult.unhealthy(describe() + ": " + Messages.reason(e));
        }
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
