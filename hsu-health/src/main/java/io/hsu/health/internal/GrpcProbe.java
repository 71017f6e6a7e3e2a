package io.hsu.health.internal;

import io.grpc.ChannelCredentials;
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

    static GrpcProbe create(GrpcCheckConfig config) {
        ChannelCredentials credentials;
        try {
            credentials = !config.tls() ? InsecureChannelCredentials.create()
                    : config.caFile().isPresent()
                            ? TlsChannelCredentials.newBuilder().trustManager(config.caFile().get().toFile()).build()
                            : TlsChannelCredentials.create();
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + config.describe() + " check cannot read its CA file "
                    + config.caFile().orElseThrow() + ": " + Messages.reason(e), e);
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
        try {
            HealthCheckResponse response = stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS).check(request);
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
                    return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout));
                case NOT_FOUND:
                    return ProbeResult.unhealthy(describe() + ": unknown service '" + config.service() + "'");
                case UNIMPLEMENTED:
                    return ProbeResult.unhealthy(describe() + ": the server does not implement grpc.health.v1.Health");
                case UNAVAILABLE:
                    // Without this the channel would wait out its reconnect backoff (up to 2 minutes)
                    // and report a server that came back as down.
                    channel.resetConnectBackoff();
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
