package io.hsu.health;

/**
 * What one check looks at: an HTTP endpoint, a gRPC health service, a TCP port, a command, the
 * worker's process, a file, or several of these together. A {@link ProbeConfig} adds the timing and
 * thresholds around it.
 *
 * <p>Implementations are immutable, validated by their builders, and thread-safe.
 */
public sealed interface CheckConfig
        permits HttpCheckConfig, GrpcCheckConfig, TcpCheckConfig, ExecCheckConfig, ProcessCheckConfig,
                FileCheckConfig, CompositeCheckConfig {

    /** The YAML name of this check's type: {@code http}, {@code grpc}, {@code tcp}, {@code exec}, {@code process}, {@code file}, {@code composite}. */
    String type();

    /** A short description for messages and logs, such as {@code tcp 127.0.0.1:5432}. */
    String describe();
}
