package io.hsu.health.internal;

import io.hsu.core.Scheduler;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.TcpCheckConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Opens a TCP connection and closes it at once, with a reset (no TIME_WAIT), through the shared
 * {@link TcpConnector}: no thread per check. An IP address is parsed once; a host name is resolved
 * again for every check (as before, through the JVM's name cache), on the check executor since a
 * lookup may block, and the timeout covers the lookup.
 */
final class TcpProbe implements Probe, NonBlockingProbe {
    private final TcpCheckConfig config;
    private final String description;
    private final ProbeResult connected;
    /** The address when the host is an IP literal, else null. */
    private final InetSocketAddress literalAddress;

    TcpProbe(TcpCheckConfig config) {
        this.config = config;
        this.description = config.describe();
        this.connected = ProbeResult.healthy(description + ": connected");
        InetSocketAddress literal = isIpLiteral(config.host()) ? new InetSocketAddress(config.host(), config.port()) : null;
        this.literalAddress = literal == null || literal.isUnresolved() ? null : literal;
    }

    @Override
    public Scheduler.Cancellable start(Duration timeout, Consumer<ProbeResult> done) {
        TcpConnector connector;
        try {
            connector = TcpConnector.shared();
        } catch (IOException e) {
            done.accept(ProbeResult.unhealthy(description + ": " + Messages.reason(e)));
            return Scheduler.Cancellable.NONE;
        }
        TcpConnector.Attempt attempt = connector.start(timeout.toNanos(), failure -> done.accept(result(failure, timeout)));
        if (literalAddress != null) {
            attempt.connect(literalAddress);
        } else {
            attempt.awaitAddress();
            ProbeExecutors.checks().execute(() -> resolve(attempt));
        }
        return attempt;
    }

    private void resolve(TcpConnector.Attempt attempt) {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            attempt.fail(new UnknownHostException(config.host()));
        } else {
            attempt.connect(address);
        }
    }

    private ProbeResult result(IOException failure, Duration timeout) {
        if (failure == null) {
            return connected;
        }
        if (failure instanceof UnknownHostException) {
            return ProbeResult.unhealthy(description + ": unknown host '" + config.host() + "'");
        }
        if (failure instanceof SocketTimeoutException) {
            return ProbeResult.unhealthy(Messages.noAnswer(description, timeout));
        }
        return ProbeResult.unhealthy(description + ": " + Messages.reason(failure));
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        Scheduler.Cancellable attempt = start(timeout, result::complete);
        try {
            return result.get();
        } catch (InterruptedException e) {
            attempt.cancel();
            throw new InterruptedException("tcp check interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("tcp check failed", e.getCause());   // never: results are values
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * Whether {@code host} is an IPv6 literal or a plain dotted-quad IPv4 literal (no leading
     * zeros), which {@link InetSocketAddress} parses without a lookup.
     */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')
                    || !octet.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
