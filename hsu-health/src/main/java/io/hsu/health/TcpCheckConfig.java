package io.hsu.health;

import io.hsu.core.internal.Checks;

/**
 * A TCP check: healthy when a connection to {@code host:port} opens within the timeout; the
 * connection is closed at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host a host name or IP address
 * @param port 1 to 65535
 */
public record TcpCheckConfig(String host, int port) implements CheckConfig {
    /** @throws IllegalArgumentException if the host is blank or the port is outside 1..65535 */
    public TcpCheckConfig {
        Checks.notNull(host, "host");
        Checks.argument(!host.isBlank(), "host must not be blank");
        Checks.argument(port >= 1 && port <= 65535, "port must be in 1..65535, but was %s", port);
    }

    /** Same as the constructor. */
    public static TcpCheckConfig of(String host, int port) {
        return new TcpCheckConfig(host, port);
    }

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public String describe() {
        return "tcp " + HostPort.format(host, port);
    }
}
