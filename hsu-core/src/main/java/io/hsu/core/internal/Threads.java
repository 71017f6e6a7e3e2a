package io.hsu.core.internal;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for HSU: named daemon platform threads, and virtual threads for blocking work where the
 * JDK has them (21+, or 19/20 with preview), found once by reflection so the code stays Java 17.
 * Setting the system property {@code hsu.virtualThreads=false} turns virtual threads off.
 */
public final class Threads {
    private static final Logger log = LoggerFactory.getLogger(Threads.class);
    private static final boolean VIRTUAL_ENABLED = !"false".equalsIgnoreCase(System.getProperty("hsu.virtualThreads"));
    private static final VirtualApi VIRTUAL = VIRTUAL_ENABLED ? probeVirtual() : null;

    private Threads() {}

    /** Daemon platform threads named {@code prefix-N}. */
    public static ThreadFactory daemonFactory(String prefix) {
        AtomicLong counter = new AtomicLong();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Whether this JVM gives HSU virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return VIRTUAL != null;
    }

    /**
     * A factory for threads that run blocking work (pipe readers, probe checks): virtual threads
     * named {@code prefix-N} where available, otherwise daemon platform threads of that name.
     */
    public static ThreadFactory blockingFactory(String prefix) {
        if (VIRTUAL != null) {
            try {
                return VIRTUAL.factory(prefix);
            } catch (ReflectiveOperationException e) {
                log.debug("virtual thread factory failed, using platform threads", e);
            }
        }
        return daemonFactory(prefix);
    }

    /**
     * An executor for blocking tasks: one virtual thread per task where available, otherwise a
     * cached pool of daemon platform threads (idle ones time out). Callers that own it shut it down.
     */
    public static ExecutorService blockingExecutor(String prefix) {
        if (VIRTUAL != null) {
            try {
                return VIRTUAL.perTaskExecutor(prefix);
            } catch (ReflectiveOperationException e) {
                log.debug("virtual thread executor failed, using platform threads", e);
            }
        }
        return Executors.newCachedThreadPool(daemonFactory(prefix));
    }

    /**
     * The shared pool for short, non-blocking tasks: every {@link SerialExecutor} runs on it, so
     * 500 workers do not need 500 threads. Daemon threads; never shut down.
     */
    public static Executor sharedPool() {
        return SharedPool.POOL;
    }

    private static final class SharedPool {
        static final Executor POOL = new ForkJoinPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("hsu-pool-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                },
                null,
                true); // FIFO for tasks that are never joined
    }

    /** Reflective access to the Java 21 virtual thread API. */
    private static final class VirtualApi {
        private final Method ofVirtual;
        private final Method name;
        private final Method factory;
        private final Method newThreadPerTaskExecutor;

        VirtualApi() throws ReflectiveOperationException {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            ofVirtual = Thread.class.getMethod("ofVirtual");
            name = builderType.getMethod("name", String.class, long.class);
            factory = builderType.getMethod("factory");
            newThreadPerTaskExecutor = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            factory("probe").newThread(() -> { }); // fails on 19/20 without --enable-preview
        }

        ThreadFactory factory(String prefix) throws ReflectiveOperationException {
            Object builder = name.invoke(ofVirtual.invoke(null), prefix + "-", 0L);
            return (ThreadFactory) factory.invoke(builder);
        }

        ExecutorService perTaskExecutor(String prefix) throws ReflectiveOperationException {
            return (ExecutorService) newThreadPerTaskExecutor.invoke(null, factory(prefix));
        }
    }

    private static VirtualApi probeVirtual() {
        try {
            return new VirtualApi();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // 17/18, or 19/20 without --enable-preview.
            log.debug("virtual threads unavailable, using platform threads: {}", e.toString());
            return null;
        }
    }
}
