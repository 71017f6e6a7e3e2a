package io.hsu.master.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.WorkerId;
import io.hsu.core.event.EventPublisher;
import io.hsu.core.event.EventSource;
import io.hsu.core.event.WorkerEvent;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.core.posix.Signal;
import io.hsu.health.CheckConfig;
import io.hsu.health.GrpcCheckConfig;
import io.hsu.health.TcpCheckConfig;
import io.hsu.health.HealthConfig;
import io.hsu.health.RunOptions;
import io.hsu.logs.LogPipeline;
import io.hsu.logs.LogStream;
import io.hsu.logs.OutputCollector;
import io.hsu.master.config.WorkerConfig;
import io.hsu.master.config.WorkerType;
import io.hsu.processcontrol.HealthExtension;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.ProcessControl;
import io.hsu.processcontrol.ResourceExtension;
import io.hsu.statemachine.WorkerSnapshot;
import io.hsu.statemachine.WorkerState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker run by hsu-processcontrol's {@link ProcessControl} (spawn or re-adoption, FIFOs drained
 * by the master's log pipeline, restart policy, whole-tree stop), with hsu-health's probes attached
 * through processcontrol's {@link HealthExtension} and hsu-resources' enforcement and monitoring
 * through its {@link ResourceExtension} (when the worker has limits). Their events, like process
 * control's, go to the worker's merged event stream. Integrated workers get a port: the one in
 * {@code <state_dir>/<id>.port} when an earlier master left it (so an adopted process keeps it),
 * else a free one; HSU appends {@code --port N} and checks grpc.health.v1 on it.
 *
 * <p>Thread-safe: every operation goes through {@link ProcessControl}, which serialises them.
 */
final class ControlledWorker implements WorkerRuntime {
    private static final Logger log = LoggerFactory.getLogger(ControlledWorker.class);
    private static final boolean GRPC_AVAILABLE = isPresent("io.grpc.ManagedChannelBuilder");

    private final WorkerConfig config;
    private final WorkerId id;
    private final ProcessControl control;
    private final HealthExtension health;
    private final EventPublisher<WorkerEvent> events = new EventPublisher<>();
    private final int port;
    private final Path pidFile; // null for unmanaged workers

    ControlledWorker(WorkerConfig config, StateDirectory stateDirectory, Scheduler scheduler, OutputCollector collector) {
        this.config = config;
        this.id = config.id();
        HealthConfig healthConfig = config.health();
        if (config.type() == WorkerType.INTEGRATED) {
            port = portFor(stateDirectory);
            RunOptions grpc = config.grpcHealth().orElse(RunOptions.DEFAULTS);
            if (grpc.enabled()) {
                CheckConfig check;
                if (GRPC_AVAILABLE) {
                    check = GrpcCheckConfig.of("127.0.0.1", port, "");
                } else {
                    log.warn("worker '{}': grpc-java is not on the class path, so its grpc.health.v1 check is a TCP connect to port {}",
                            id, port);
                    check = TcpCheckConfig.of("127.0.0.1", port);
                }
                healthConfig = healthConfig.toBuilder().liveness(grpc.toProbe(check)).build();
            }
        } else {
            port = 0;
        }
        this.health = HealthExtension.of(healthConfig, scheduler);
        health.events().subscribe(events::publish);
        if (config.type() == WorkerType.UNMANAGED) {
            pidFile = null;
            control = ProcessControl.attaching(config.attach().orElseThrow()).scheduler(scheduler).extension(health).build();
            if (collector instanceof LogPipeline pipeline) {
                for (Path file : config.logFiles()) {
                    pipeline.followFile(id, LogStream.STDOUT, file);
                }
            }
        } else {
            ProcessConfig process = config.process().orElseThrow().toBuilder().stateDirectory(stateDirectory.path()).build();
            if (port > 0) {
                List<String> args = new ArrayList<>(process.execution().args());
                args.add("--port");
                args.add(Integer.toString(port));
                process = process.toBuilder().execution(process.execution().toBuilder().args(args).build()).build();
            }
            pidFile = process.pidFile();
            ProcessControl.Builder builder = ProcessControl.builder(process).scheduler(scheduler).outputCollector(collector)
                    .extension(health);
            if (config.limits().hasAnyLimit()) {
                ResourceExtension resources = ResourceExtension.of(config.limits(), config.violationWindows(), scheduler);
                resources.events().subscribe(events::publish);
                builder.extension(resources);
            }
            control = builder.build();
        }
        control.lifecycle().subscribe(events::publish);
        control.events().subscribe(events::publish);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ControlledWorker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private int portFor(StateDirectory stateDirectory) {
        Path file = stateDirectory.portFile(id);
        int chosen = StateDirectory.readIfExists(file).map(text -> {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        if (chosen <= 0 || chosen > 65535) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                chosen = socket.getLocalPort();
            } catch (IOException e) {
                throw new io.hsu.master.MasterException(io.hsu.core.ErrorKind.IO,
                        "worker '" + id + "': cannot find a free port: " + e.getMessage(), e);
            }
            StateDirectory.writeAtomically(file, chosen + "\n");
        }
        return chosen;
    }

    @Override
    public WorkerConfig config() {
        return config;
    }

    @Override
    public WorkerSnapshot snapshot() {
        return control.snapshot();
    }

    @Override
    public EventSource<WorkerEvent> events() {
        return events;
    }

    @Override
    public boolean isHealthy() {
        return control.snapshot().state() == WorkerState.RUNNING && health.isHealthy();
    }

    @Override
    public OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** True when the PID file (pid, then start ticks) names a live process with that start time. */
    @Override
    public boolean hasLiveProcess() {
        if (pidFile == null) {
            return false;
        }
        String[] lines = StateDirectory.readIfExists(pidFile).orElse("").strip().split("\\R");
        if (lines.length < 2) {
            return false;
        }
        try {
            int pid = Integer.parseInt(lines[0].strip());
            long ticks = Long.parseLong(lines[1].strip());
            return pid > 1 && ProcessIdentity.isStillRunning(pid, ticks);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void start(String reason) {
        control.start().exceptionally(e -> {
            log.debug("worker '{}': start failed", id, e);
            return null; // the worker is failed, with the reason; the event says so
        });
    }

    @Override
    public CompletableFuture<WorkerSnapshot> stop(String reason, boolean onRequest) {
        if (config.attach().map(a -> !a.canTerminate()).orElse(false)) {
            log.info("worker '{}' is left running: it is unmanaged and control.can_terminate is false", id);
            return CompletableFuture.completedFuture(control.snapshot());
        }
        return control.stop().handle((snapshot, e) -> {
            if (e != null) {
                log.warn("{}", rootMessage(e));
            }
            return control.snapshot();
        });
    }

    @Override
    public void restart(String reason) {
        control.restart(true).exceptionally(e -> {
            log.warn("{}", rootMessage(e));
            return null;
        });
    }

    @Override
    public void kill() {
        if (config.type() == WorkerType.UNMANAGED) {
            return; // not ours to kill beyond what its stop did
        }
        control.snapshot().pid().ifPresent(pid -> {
            try {
                Posix.get().killGroup((int) pid, Signal.KILL);
            } catch (RuntimeException e) {
                log.warn("worker '{}': SIGKILL to group {} failed: {}", id, pid, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        control.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
