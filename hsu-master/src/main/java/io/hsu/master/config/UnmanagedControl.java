package io.hsu.master.config;

import io.hsu.core.posix.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What HSU may do to an unmanaged worker ({@code unit.unmanaged.control}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param canTerminate whether stop may signal it
 * @param canRestart whether restart may act on it
 * @param allowedSignals the signals that may be sent
 * @param serviceManager systemd, launchd or windows, when restarts go through one
 * @param serviceName the service's name in that manager
 * @param gracefulTimeout time between the stop signal and SIGKILL
 */
public record UnmanagedControl(boolean canTerminate, boolean canRestart, List<Signal> allowedSignals,
                               Optional<String> serviceManager, Optional<String> serviceName,
                               Duration gracefulTimeout) {
    /** Copies the list. */
    public UnmanagedControl {
        allowedSignals = List.copyOf(allowedSignals);
        Objects.requireNonNull(serviceManager, "serviceManager must not be null");
        Objects.requireNonNull(serviceName, "serviceName must not be null");
        Objects.requireNonNull(gracefulTimeout, "gracefulTimeout must not be null");
    }
}
