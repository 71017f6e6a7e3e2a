package io.hsu.master.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code master:} section.
 *
 * <p>Immutable and thread-safe.
 *
 * @param port the TCP port of the API when it is enabled (1..65535)
 * @param logLevel debug, info, warn or error
 * @param forceShutdownTimeout the whole-master stop budget before what is left is killed
 * @param stateDir the state directory, when the config names one ({@code --state-dir} wins over it)
 */
public record MasterSettings(int port, String logLevel, Duration forceShutdownTimeout, Optional<Path> stateDir) {
    /** The defaults: port 50055, info, 30s, no state directory named. */
    public static final MasterSettings DEFAULTS = new MasterSettings(50055, "info", Duration.ofSeconds(30), Optional.empty());

    /** @throws NullPointerException if an argument is null; @throws IllegalArgumentException for a bad port or timeout */
    public MasterSettings {
        Objects.requireNonNull(logLevel, "logLevel must not be null");
        Objects.requireNonNull(forceShutdownTimeout, "forceShutdownTimeout must not be null");
        Objects.requireNonNull(stateDir, "stateDir must not be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
        if (forceShutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("forceShutdownTimeout must be >= 0, but was " + forceShutdownTimeout);
        }
    }
}
