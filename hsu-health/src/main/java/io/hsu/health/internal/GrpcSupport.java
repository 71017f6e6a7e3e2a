package io.hsu.health.internal;

import io.hsu.health.GrpcCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeUnavailableException;

/**
 * Keeps grpc-java optional: {@link GrpcProbe} (which links against it) is loaded only after the
 * classes it needs were found.
 */
final class GrpcSupport {
    static final String HEALTH_STUB = "io.grpc.health.v1.HealthGrpc";

    private GrpcSupport() {}

    static Probe create(GrpcCheckConfig config) {
        String missing = firstMissing(GrpcSupport.class.getClassLoader(), "io.grpc.ManagedChannel", HEALTH_STUB);
        if (missing != null) {
            throw new ProbeUnavailableException(unavailableMessage(config, missing), null);
        }
        return GrpcProbe.create(config);
    }

    static String unavailableMessage(GrpcCheckConfig config, String missingClass) {
        return "the " + config.describe() + " check needs grpc-java, but " + missingClass
                + " is not on the class path; add io.grpc:grpc-services and a transport such as io.grpc:grpc-netty-shaded";
    }

    /** The first of {@code classNames} that cannot be loaded, or null when all can. */
    static String firstMissing(ClassLoader loader, String... classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return name;
            }
        }
        return null;
    }
}
