package io.hsu.master.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an unmanaged worker's process is found ({@code unit.unmanaged.discovery}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param method pid-file, process-name, port, service-name, cmdline, parent, user or cwd
 * @param pidFile for pid-file
 * @param processName a regex on the process name, for process-name
 * @param processArgs arguments the command line must contain
 * @param port for port
 * @param protocol tcp or udp
 * @param serviceName for service-name
 * @param checkInterval how often a lost process is looked for again
 */
public record DiscoveryConfig(String method, Optional<Path> pidFile, Optional<String> processName,
                              List<String> processArgs, int port, String protocol, Optional<String> serviceName,
                              Duration checkInterval) {
    /** @throws NullPointerException if an argument is null */
    public DiscoveryConfig {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(pidFile, "pidFile must not be null");
        Objects.requireNonNull(processName, "processName must not be null");
        processArgs = List.copyOf(processArgs);
        Objects.requireNonNull(protocol, "protocol must not be null");
        Objects.requireNonNull(serviceName, "serviceName must not be null");
        Objects.requireNonNull(checkInterval, "checkInterval must not be null");
    }
}
