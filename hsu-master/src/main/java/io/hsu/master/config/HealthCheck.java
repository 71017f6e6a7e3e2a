package io.hsu.master.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One check of a worker's health ({@code health_check} or one probe of {@code probes}).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface HealthCheck
        permits HealthCheck.Http, HealthCheck.Grpc, HealthCheck.Tcp, HealthCheck.Exec, HealthCheck.ProcessAlive,
        HealthCheck.File, HealthCheck.Composite {

    /** The YAML {@code type}: http, grpc, tcp, exec, process, file or composite. */
    String type();

    /** An HTTP request whose status must be in {@code [minStatus, maxStatus]}. */
    record Http(URI url, String method, Map<String, String> headers, int minStatus, int maxStatus,
                String bodyContains) implements HealthCheck {
        public Http {
            Objects.requireNonNull(url, "url must not be null");
            Objects.requireNonNull(method, "method must not be null");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(bodyContains, "bodyContains must not be null");
        }

        @Override
        public String type() {
            return "http";
        }
    }

    /** The standard grpc.health.v1 check. */
    record Grpc(String host, int port, String service, boolean tls) implements HealthCheck {
        public Grpc {
            Objects.requireNonNull(host, "host must not be null");
            Objects.requireNonNull(service, "service must not be null");
        }

        @Override
        public String type() {
            return "grpc";
        }
    }

    /** A TCP connect. */
    record Tcp(String host, int port) implements HealthCheck {
        public Tcp {
            Objects.requireNonNull(host, "host must not be null");
        }

        @Override
        public String type() {
            return "tcp";
        }
    }

    /** A command that must exit 0. */
    record Exec(Path command, List<String> args) implements HealthCheck {
        public Exec {
            Objects.requireNonNull(command, "command must not be null");
            args = List.copyOf(args);
        }

        @Override
        public String type() {
            return "exec";
        }
    }

    /** The worker's process is alive. */
    record ProcessAlive() implements HealthCheck {
        @Override
        public String type() {
            return "process";
        }
    }

    /** A file that must exist, be fresher than {@code maxAge} (if set) and contain a text (if set). */
    record File(Path path, Optional<Duration> maxAge, String contains) implements HealthCheck {
        public File {
            Objects.requireNonNull(path, "path must not be null");
            Objects.requireNonNull(maxAge, "maxAge must not be null");
            Objects.requireNonNull(contains, "contains must not be null");
        }

        @Override
        public String type() {
            return "file";
        }
    }

    /** Several checks: all must pass ({@code all}) or one ({@code any}). */
    record Composite(boolean all, List<HealthCheck> checks) implements HealthCheck {
        public Composite {
            checks = List.copyOf(checks);
        }

        @Override
        public String type() {
            return "composite";
        }
    }
}
