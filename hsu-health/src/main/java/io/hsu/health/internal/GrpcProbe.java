package io.hsu.health.internal;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.hsu.core.Durations;
import io.hsu.health.GrpcCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Calls grpc.health.v1.Health/Check on one channel, kept for the probe's life. */
final class GrpcProbe implements Probe {
    private final GrpcCheckConfig config;
    private final ManagedChannel channel;
    private final HealthGrpc.HealthBlockingStub stub;

    private GrpcProbe(GrpcCheckConfig config, ManagedChannel channel) {
        this.config = config;
        this.channel = channel;
        this.stub = HealthGrpc.newBlockingStub(channel);
    }

    static Probe create(GrpcCheckConfig config) {
        ChannelCredentials credentials;
        try {
            credentials = !config.tls() ? InsecureChannelCredentials.create()
                    : config.caFile().isPresent()
                            ? TlsChannelCredentials.newBuilder().trustManager(config.caFile().get().toFile()).build()
                            : TlsChannelCredentials.create();
        } catch (IOException | RuntimeException e) {
            // One worker's unreadable CA file makes its probe fail, not the caller.
            String message = config.describe() + ": cannot load the CA file " + config.caFile().orElseThrow() + ": "
                    + Messages.reason(e);
            return new Probe() {
                @Override
                public ProbeResult check(Duration timeout) {
                    return ProbeResult.unhealthy(message);
                }

                @Override
                public String describe() {
                    return config.describe();
                }
            };
        }
        try {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress(config.host(), config.port(), credentials)
                    .userAgent("hsu-health")
                    .build();
            return new GrpcProbe(config, channel);
        } catch (ManagedChannelRegistry.ProviderNotFoundException e) {
            throw new ProbeUnavailableException("the " + config.describe() + " check needs a gRPC transport on the class path, "
                    + "such as io.grpc:grpc-netty-shaded (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        HealthCheckRequest request = HealthCheckRequest.newBuilder().setService(config.service()).build();
        ConnectivityState state = channel.getState(true);
        if (state == ConnectivityState.TRANSIENT_FAILURE || state == ConnectivityState.IDLE) {
            // Connect now rather than after the channel's reconnect backoff (up to 2 minutes), so a
            // server that came back is seen by this check.
            channel.resetConnectBackoff();
        }
        try {
            // Wait for the connection up to the deadline instead of failing at once while the
            // channel is between attempts; a server that refuses shows as "cannot connect".
            HealthCheckResponse response = stub.withWaitForReady()
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS).check(request);
            HealthCheckResponse.ServingStatus status = response.getStatus();
            if (status == HealthCheckResponse.ServingStatus.SERVING) {
                return ProbeResult.healthy(describe() + ": SERVING");
            }
            return ProbeResult.unhealthy(describe() + ": " + status.name());
        } catch (StatusRuntimeException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("grpc check interrupted");
            }
            Status status = e.getStatus();
            switch (status.getCode()) {
                case DEADLINE_EXCEEDED:
                    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                        return ProbeResult.unhealthy(describe() + ": cannot connect within " + Durations.format(timeout));
                    }
                    return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout));
                case NOT_FOUND:
                    return ProbeResult.unhealthy(describe() + ": unknown service '" + config.service() + "'");
                case UNIMPLEMENTED:
                    return ProbeResult.unhealthy(describe() + ": the server does not implement grpc.health.v1.Health");
                case UNAVAILABLE:
                    return ProbeResult.unhealthy(describe() + ": unavailable"
                            + (status.getDescription() == null ? "" : ": " + status.getDescription()));
                default:
                    return ProbeResult.unhealthy(describe() + ": " + status.getCode()
                            + (status.getDescription() == null ? "" : ": " + status.getDescription()));
            }
        }
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
