package io.hsu.health.internal;

import io.hsu.core.Scheduler;
import io.hsu.health.ProbeResult;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A probe that can run a check without a thread of its own: the runner starts it from the
 * scheduler's thread instead of handing a blocking check to a check thread. Not API.
 */
public interface NonBlockingProbe {

    /**
     * Starts one check and returns at once. {@code done} receives the result exactly once, on a
     * thread of the probe's, or on the caller's before this returns when the answer is known at
     * once (a loopback connect, a failure), unless the returned handle cancels the check first. The
     * probe enforces {@code timeout} itself.
     */
    Scheduler.Cancellable start(Duration timeout, Consumer<ProbeResult> done);
}
