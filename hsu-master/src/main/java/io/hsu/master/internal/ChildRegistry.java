package io.hsu.master.internal;

import io.hsu.core.posix.Posix;
import io.hsu.core.posix.ProcessIdentity;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The children this JVM spawned through the JDK (whose exit the JDK reaps), and the reaper of the
 * rest: as a child subreaper, the master inherits orphaned grandchildren, and nobody else waits for
 * them. {@link #reapOrphans} reaps zombie children that are not the JDK's, once they were seen as
 * zombies on two calls in a row (the JDK reaps its own within milliseconds, so a zombie seen twice
 * is an orphan).
 *
 * <p>Thread-safe.
 */
final class ChildRegistry {
    private static final Logger log = LoggerFactory.getLogger(ChildRegistry.class);

    private final Set<Long> spawned = ConcurrentHashMap.newKeySet();
    private final ReentrantLock startLock = new ReentrantLock();
    private final ReentrantLock reapLock = new ReentrantLock();
    /** Guarded by reapLock. */
    private Set<Integer> zombiesSeen = new HashSet<>();

    /** Starts a process and records it as the JDK's before its exit can be seen. */
    Process start(ProcessBuilder builder) throws IOException {
        startLock.lock(); // the reaper takes it too, so it never sees a child between fork and add
        try {
            Process process = builder.start();
            spawned.add(process.pid());
            return process;
        } finally {
            startLock.unlock();
        }
    }

    void exited(long pid) {
        spawned.remove(pid);
    }

    /** Reaps orphaned zombie children (see the class comment). */
    void reapOrphans() {
        Posix posix;
        try {
            posix = Posix.get();
        } catch (RuntimeException e) {
            return;
        }
        int self = posix.getpid();
        reapLock.lock();
        try {
            Set<Integer> zombies = new HashSet<>();
            startLock.lock();
            try {
                for (ProcessIdentity p : ProcessTree.all()) {
                    if (p.parentPid() == self && p.isZombie() && !spawned.contains((long) p.pid())) {
                        zombies.add(p.pid());
                    }
                }
            } finally {
                startLock.unlock();
            }
            for (Integer zombie : zombies) {
                if (zombiesSeen.contains(zombie)) {
                    try {
                        posix.waitidNoHang(zombie);
                    } catch (RuntimeException e) {
                        log.debug("reaping orphan {} failed: {}", zombie, e.getMessage());
                    }
                }
            }
            zombiesSeen = zombies;
        } finally {
            reapLock.unlock();
        }
    }
}
