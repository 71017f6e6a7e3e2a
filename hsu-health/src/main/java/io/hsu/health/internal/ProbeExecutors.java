package io.hsu.health.internal;

import io.hsu.core.internal.Threads;
import java.util.concurrent.ExecutorService;

/** The one executor for blocking checks, shared by every probe of the JVM; never shut down. */
public final class ProbeExecutors {
    private ProbeExecutors() {}

    /** Virtual threads where the JDK has them, else a cached pool of daemon threads. */
    public static ExecutorService checks() {
        return Holder.CHECKS;
    }

    private static final class Holder {
        static final ExecutorService CHECKS = Threads.blockingExecutor("hsu-probe");
    }
}
