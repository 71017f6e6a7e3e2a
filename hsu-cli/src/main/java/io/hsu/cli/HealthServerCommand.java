package io.hsu.cli;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsu example-health-server --port N}: a minimal integrated worker for the examples and
 * tests, serving grpc.health.v1 (SERVING) on 127.0.0.1:N until it is killed. Hidden from the usage.
 */
@Command(name = "example-health-server", hidden = true, mixinStandardHelpOptions = true,
        description = "Serve grpc.health.v1 on 127.0.0.1:PORT (an integrated worker for the examples).")
final class HealthServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, description = "The port HSU chose.")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HealthStatusManager health = new HealthStatusManager();
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(health.getHealthService()).build().start();
        health.setStatus("", ServingStatus.SERVING);
        spec.commandLine().getOut().println("example-health-server: serving grpc.health.v1 on port " + port);
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return ExitCodes.OK;
    }
}
