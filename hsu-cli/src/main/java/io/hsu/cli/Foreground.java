package io.hsu.cli;

import io.hsu.core.event.Subscription;
import io.hsu.core.event.WorkerEvent;
import io.hsu.master.Master;
import io.hsu.health.HealthEvent;
import io.hsu.processcontrol.ProcessEvent;
import io.hsu.master.WorkerWaiting;
import io.hsu.master.config.HsuConfig;
import io.hsu.statemachine.WorkerState;
import io.hsu.statemachine.WorkerStateChanged;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a master in the foreground: state changes to stderr, worker output to stdout, until SIGTERM
 * or SIGINT (Ctrl-C), then a clean stop and exit 0.
 */
final class Foreground {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final HsuConfig config;
    private final Path stateDir;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;
    private final CountDownLatch stopRequested;
    private final ReentrantLock outLock = new ReentrantLock();
    private final ReentrantLock errLock = new ReentrantLock();

    Foreground(HsuConfig config, Path stateDir, PrintWriter out, PrintWriter err, boolean colour, CountDownLatch stopRequested) {
        this.config = config;
        this.stateDir = stateDir;
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.stopRequested = stopRequested;
    }

    int run() throws InterruptedException {
        Master master = Master.open(config, Optional.ofNullable(stateDir), new LineOutputStream(out, outLock));
        Subscription events = master.events().subscribe(this::printEvent);
        try {
            printNote("master pid " + ProcessHandle.current().pid() + ", state directory " + master.stateDirectory()
                    + ", " + config.summary());
            master.startAll();
            stopRequested.await();
            printNote("stopping every worker");
        } finally {
            master.close(); // the stop's state changes are still printed
            events.close();
        }
        printNote("stopped");
        return ExitCodes.OK;
    }

    private void printEvent(WorkerEvent event) {
        String text;
        if (event instanceof WorkerStateChanged change) {
            String detail = change.to() == WorkerState.RUNNING && change.pid().isPresent()
                    ? "pid " + change.pid().getAsLong() + (change.reason().startsWith("adopted") ? ", adopted" : "")
                    : change.reason();
            text = change.workerId() + " " + change.from().displayName() + " -> " + paint(change.to()) + (detail.isEmpty() ? "" : " (" + detail + ")");
        } else if (event instanceof WorkerWaiting waiting) {
            text = waiting.workerId() + (waiting.waitingFor().isEmpty() ? " no longer waiting" : " waiting for " + waiting.waitingFor());
        } else if (event instanceof HealthEvent.ProbeStatusChanged probe) {
            text = probe.workerId() + " " + probe.role().displayName() + " " + probe.from().name().toLowerCase(java.util.Locale.ROOT)
                    + " -> " + probe.to().name().toLowerCase(java.util.Locale.ROOT) + " (" + probe.lastResult().message() + ")";
        } else if (event instanceof HealthEvent.ReadinessChanged ready) {
            text = ready.workerId() + (ready.ready() ? " ready" : " not ready") + " (" + ready.reason() + ")";
        } else if (event instanceof HealthEvent.LivenessFailed failed) {
            text = failed.workerId() + " liveness failed (" + failed.reason() + ")";
        } else if (event instanceof HealthEvent.StartupFailed failed) {
            text = failed.workerId() + " startup probe failed (" + failed.reason() + ")";
        } else if (event instanceof ProcessEvent.CircuitOpened open) {
            text = open.workerId() + " circuit open until " + TIME.format(open.retryAt()) + " (" + open.reason() + ")";
        } else {
            return; // pid assignments and the like: the state lines say enough
        }
        printStatus(event.at(), text);
    }

    private String paint(WorkerState state) {
        String name = state.displayName();
        if (!colour) {
            return name;
        }
        switch (state) {
            case RUNNING:
                return "\u001b[32m" + name + "\u001b[0m";
            case FAILED:
                return "\u001b[31m" + name + "\u001b[0m";
            case RESTARTING:
            case EXITED:
                return "\u001b[33m" + name + "\u001b[0m";
            default:
                return name;
        }
    }

    private void printNote(String text) {
        printStatus(Instant.now(), "hsu " + text);
    }

    private void printStatus(Instant at, String text) {
        errLock.lock();
        try {
            err.println(TIME.format(at) + " " + text);
            err.flush();
        } finally {
            errLock.unlock();
        }
    }

    /**
     * Counts {@code latch} down on SIGTERM and SIGINT instead of letting the JVM exit with 143/130,
     * so the master stops cleanly and hsu exits 0. sun.misc.Signal is reached by reflection: it is
     * an unsupported API, present on every JDK we run on.
     */
    static void onTermination(CountDownLatch latch) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (proxy, method, args) -> {
                if ("handle".equals(method.getName())) {
                    latch.countDown();
                    return null;
                }
                if ("hashCode".equals(method.getName())) {
                    return System.identityHashCode(proxy);
                }
                if ("equals".equals(method.getName())) {
                    return proxy == args[0];
                }
                return "hsu termination handler";
            };
            Object handler = Proxy.newProxyInstance(Foreground.class.getClassLoader(), new Class<?>[] {handlerType}, invocation);
            for (String name : new String[] {"TERM", "INT"}) {
                Object signal = signalType.getConstructor(String.class).newInstance(name);
                signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No sun.misc.Signal: a shutdown hook still stops the workers, but the exit code is the JVM's.
            Runtime.getRuntime().addShutdownHook(new Thread(latch::countDown, "hsu-shutdown"));
        }
    }
}
