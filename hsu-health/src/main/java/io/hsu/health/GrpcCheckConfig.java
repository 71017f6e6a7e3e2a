package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A gRPC check: calls the standard {@code grpc.health.v1.Health/Check} for {@link #service()}
 * (empty: the server as a whole). Healthy when the answer is SERVING; any other answer, an unknown
 * service or a missed deadline is unhealthy and says which. Needs grpc-java on the class path
 * ({@code io.grpc:grpc-services} and a transport such as {@code io.grpc:grpc-netty-shaded}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param host a host name or IP address
 * @param port 1 to 65535
 * @param service the service name to ask about; empty for the whole server
 * @param tls whether to use TLS (verified against the JDK's trust store, or {@code caFile})
 * @param caFile PEM file of CA certificates to trust when {@code tls}
 */
public record GrpcCheckConfig(String host, int port, String service, boolean tls, Optional<Path> caFile)
        implements CheckConfig {
    /** @throws IllegalArgumentException if host is blank, the port is outside 1..65535, or caFile is set without tls */
    public GrpcCheckConfig {
        Checks.notNull(host, "host");
        Checks.notNull(service, "service");
        Checks.notNull(caFile, "caFile");
        Checks.argument(!host.isBlank(), "host must not be blank");
        Checks.argument(port >= 1 && port <= 65535, "port must be in 1..65535, but was %s", port);
        Checks.argument(tls || caFile.isEmpty(), "caFile needs tls: true");
    }

    /** A plaintext check of {@code service} at {@code host:port}. */
    public static GrpcCheckConfig of(String host, int port, String service) {
        return new GrpcCheckConfig(host, port, service, false, Optional.empty());
    }

    /**
     * Parses {@code host:port} ({@code [::1]:50051} for IPv6).
     *
     * @throws IllegalArgumentException if the address has no port or the port is not a number in 1..65535
     */
    public static GrpcCheckConfig of(String address, String service) {
        Checks.notNull(address, "address");
        int colon = address.lastIndexOf(':');
        Checks.argument(colon > 0 && colon < address.length() - 1, "address must be host:port, but was '%s'", address);
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address must be host:port, but the port of '" + address + "' is not a number");
        }
        return of(host, port, service);
    }

    /** The same check over TLS, trusting {@code caFile} (null: the JDK's trust store). */
    public GrpcCheckConfig withTls(Path caFile) {
        return new GrpcCheckConfig(host, port, service, true, Optional.ofNullable(caFile));
    }

    @Override
    public String type() {
        return "grpc";
    }

    @Override
    public String describe() {
        return "grpc " + HostPort.format(host, port) + (service.isEmpty() ? "" : " service '" + service + "'");
    }
}
