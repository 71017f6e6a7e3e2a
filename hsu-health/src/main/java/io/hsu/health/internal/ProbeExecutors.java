package io.hsu.health.internal;

import io.hsu.core.internal.Threads;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one executor for blocking checks, shared by every probe of the JVM; never shut down. Where
 * the JDK has virtual threads, one per check. Elsewhere (Java 17 to 20) a pool of daemon threads
 * that grows with the checks running at the same moment, up to {@link #MAX_PLATFORM_THREADS}, and
 * shrinks when idle, so the thread count never grows with the number of probes; checks beyond the
 * cap wait their turn (their timeout runs from the tick and still holds).
 */
public final class ProbeExecutors {
    /** The cap on probe threads without virtual threads. */
    public static final int MAX_PLATFORM_THREADS = 64;

    private ProbeExecutors() {}

    public static Executor checks() {
        return Holder.CHECKS;
    }

    private static final class Holder {
        static final Executor CHECKS = Threads.virtualThreadsAvailable()
                ? Threads.blockingExecutor("hsu-probe")
                : new BoundedPool(MAX_PLATFORM_THREADS);
    }

    /**
     * Up to {@code max} threads, created on demand and ended after 10 s idle; when all are busy,
     * tasks wait in a backlog that every thread drains after its task.
     *
     * <p>Concurrency: a task put in the backlog is always run: either a new drainer is accepted, or
     * every thread is busy and drains the backlog when its task ends.
     */
    static final class BoundedPool implements Executor {
        private final ThreadPoolExecutor pool;
        private final Queue<Runnable> backlog = new ConcurrentLinkedQueue<>();

        BoundedPool(int max) {
            pool = new ThreadPoolExecutor(0, max, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    Threads.daemonFactory("hsu-probe"));
        }

        @Override
        public void execute(Runnable task) {
            try {
                pool.execute(() -> {
                    task.run();
                    drainBacklog();
                });
            } catch (RejectedExecutionException busy) {
                backlog.add(task);
                try {
                    pool.execute(this::drainBacklog);
                } catch (RejectedExecutionException stillBusy) {
                    // Every thread is busy and drains the backlog when its task ends.
                }
            }
        }

        private void drainBacklog() {
            for (Runnable next; (next = backlog.poll()) != null; ) {
                next.run();
            }
        }

        int threads() {
            return pool.getPoolSize();
        }
    }
}
