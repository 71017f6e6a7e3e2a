package io.hsu.health.internal;

import io.hsu.core.posix.ProcessIdentity;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import io.hsu.health.ProbeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks that the target's pid is alive and is the same process: the start time must match the one
 * the target knows, or the one seen at the first check of that pid. Linux reads {@code /proc};
 * elsewhere {@link ProcessHandle} (untested).
 */
final class ProcessProbe implements Probe {
    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    private final ProbeTarget target;
    /** The pid seen first and its start time (ticks on Linux, epoch millis elsewhere). */
    private final AtomicReference<long[]> firstSeen = new AtomicReference<>();

    ProcessProbe(ProbeTarget target) {
        this.target = target;
    }

    @Override
    public ProbeResult check(Duration timeout) {
        OptionalLong maybePid = target.pid();
        if (maybePid.isEmpty()) {
            return ProbeResult.unhealthy("process: the worker has no process");
        }
        long pid = maybePid.getAsLong();
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return ProbeResult.unhealthy("process: invalid pid " + pid);
        }
        long startTime;
        if (PROC) {
            Optional<ProcessIdentity> identity = ProcessIdentity.read((int) pid);
            if (identity.isEmpty()) {
                return ProbeResult.unhealthy("process " + pid + " is gone");
            }
            if (identity.get().isZombie()) {
                return ProbeResult.unhealthy("process " + pid + " has exited");
            }
            startTime = identity.get().startTimeTicks();
        } else {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return ProbeResult.unhealthy("process " + pid + " is gone");
            }
            startTime = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        }
        long expected = expectedStartTime(pid, startTime);
        if (expected >= 0 && startTime >= 0 && expected != startTime) {
            return ProbeResult.unhealthy("pid " + pid + " now belongs to another process (start time " + startTime
                    + ", expected " + expected + ")");
        }
        return ProbeResult.healthy("process " + pid + " is running");
    }

    private long expectedStartTime(long pid, long seen) {
        OptionalLong known = target.startTimeTicks();
        if (known.isPresent() && PROC) {
            return known.getAsLong();
        }
        long[] first = firstSeen.get();
        if (first == null || first[0] != pid) {
            firstSeen.set(new long[] {pid, seen});
            return seen;
        }
        return first[1];
    }

    @Override
    public String describe() {
        return "process";
    }
}
