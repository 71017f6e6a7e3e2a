package io.hsu.resources.internal;

import io.hsu.resources.ResourceUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** A bounded history of samples, oldest dropped first. Thread-safe: one writer, readers copy under the lock. */
public final class UsageRing {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ResourceUsage> samples;   // guarded by lock

    public UsageRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(Math.min(capacity, 256));
    }

    public void add(ResourceUsage usage) {
        lock.lock();
        try {
            if (samples.size() == capacity) {
                samples.removeFirst();
            }
            samples.addLast(usage);
        } finally {
            lock.unlock();
        }
    }

    /** The samples, oldest first. */
    public List<ResourceUsage> snapshot() {
        lock.lock();
        try {
            return List.copyOf(new ArrayList<>(samples));
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }
}
