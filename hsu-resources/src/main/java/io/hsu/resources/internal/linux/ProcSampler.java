package io.hsu.resources.internal.linux;

import io.hsu.core.posix.Posix;
import io.hsu.resources.RawUsage;
import io.hsu.resources.SampleTarget;
import io.hsu.resources.SamplingScope;
import io.hsu.resources.UsageSampler;
import java.io.File;
import java.util.Arrays;

/**
 * The Linux sampler: per process it reads {@code /proc/PID/stat} (CPU, threads, memory),
 * {@code status} (swap), {@code io} (disk bytes and calls) and stats {@code /proc/PID/fd}, whose size
 * is the number of open descriptors on Linux 6.2+ (older kernels: a directory listing). The tree is
 * the worker cgroup's {@code cgroup.procs} when it has one, else a walk of
 * {@code /proc/PID/task/TID/children}, else (kernels without that file) a scan of every
 * {@code /proc/PID/stat} for parent links.
 *
 * <p>Thread-safe: each thread has its own buffers.
 */
public final class ProcSampler implements UsageSampler {
    private static final boolean AVAILABLE = new File("/proc/self/stat").canRead();
    private static final boolean CHILDREN_FILES = new File("/proc/thread-self/children").canRead();
    private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicks();
    private static final long PAGE_SIZE = pageSize();

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Whether {@code /proc} can be read here. */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    @Override
    public RawUsage sample(SampleTarget target) {
        Scratch s = scratch.get();
        s.collectPids(target);
        if (s.pidCount == 0) {
            return RawUsage.NONE;
        }
        long rss = 0;
        long virtual = 0;
        long swap = 0;
        long cpu = 0;
        int threads = 0;
        int processes = 0;
        int fds = 0;
        long readBytes = 0;
        long writeBytes = 0;
        long readOps = 0;
        long writeOps = 0;
        ProcFiles.Buffer b = s.buffer;
        for (int i = 0; i < s.pidCount; i++) {
            long pid = s.pids[i];
            String dir = "/proc/" + pid;
            if (!b.read(dir + "/stat")) {
                continue;   // gone since we listed it
            }
            long[] f = s.statFields;
            if (!parseStat(b, f)) {
                continue;
            }
            processes++;
            cpu += (f[STAT_UTIME] + f[STAT_STIME]) * NANOS_PER_TICK;
            threads += (int) f[STAT_THREADS];
            virtual += f[STAT_VSIZE];
            rss += f[STAT_RSS] * PAGE_SIZE;
            if (b.read(dir + "/status")) {
                long kb = b.numberAt(b.afterKey("VmSwap:"));
                swap += Math.max(0, kb) * 1024;
            }
            if (b.read(dir + "/io")) {
                readBytes += Math.max(0, b.numberAt(b.afterKey("read_bytes:")));
                writeBytes += Math.max(0, b.numberAt(b.afterKey("write_bytes:")));
                readOps += Math.max(0, b.numberAt(b.afterKey("syscr:")));
                writeOps += Math.max(0, b.numberAt(b.afterKey("syscw:")));
            }
            fds += openDescriptors(dir + "/fd");
        }
        if (processes == 0) {
            return RawUsage.NONE;
        }
        return new RawUsage(rss, virtual, swap, cpu, threads, processes, fds, readBytes, writeBytes, readOps, writeOps);
    }

    @Override
    public long[] pids(SampleTarget target) {
        Scratch s = scratch.get();
        s.collectPids(target);
        return Arrays.copyOf(s.pids, s.pidCount);
    }

    private static int openDescriptors(String fdDir) {
        File dir = new File(fdDir);
        long size = dir.length();   // Linux 6.2+: the number of open descriptors
        if (size > 0) {
            return (int) size;
        }
        String[] names = dir.list();
        return names == null ? 0 : names.length;
    }

    // Indexes into Scratch.statFields.
    private static final int STAT_PPID = 0;
    private static final int STAT_UTIME = 1;
    private static final int STAT_STIME = 2;
    private static final int STAT_THREADS = 3;
    private static final int STAT_VSIZE = 4;
    private static final int STAT_RSS = 5;

    /**
     * Parses {@code /proc/PID/stat} after the command name (which may hold spaces and parentheses, so
     * we start after the last ')'). Field numbers as in proc(5): 4 ppid, 14 utime, 15 stime,
     * 20 num_threads, 23 vsize, 24 rss.
     */
    static boolean parseStat(ProcFiles.Buffer b, long[] out) {
        int i = b.lastIndexOf((byte) ')');
        if (i < 0) {
            return false;
        }
        i += 2;   // ") " then field 3 (state)
        int field = 3;
        byte[] bytes = b.bytes;
        int length = b.length;
        while (i < length && field <= 24) {
            int start = i;
            while (i < length && bytes[i] != ' ' && bytes[i] != '\n') {
                i++;
            }
            int slot;
            switch (field) {
                case 4: slot = STAT_PPID; break;
                case 14: slot = STAT_UTIME; break;
                case 15: slot = STAT_STIME; break;
                case 20: slot = STAT_THREADS; break;
                case 23: slot = STAT_VSIZE; break;
                case 24: slot = STAT_RSS; break;
                default: slot = -1;
            }
            if (slot >= 0) {
                long value = 0;
                boolean negative = false;
                for (int j = start; j < i; j++) {
                    byte c = bytes[j];
                    if (c == '-') {
                        negative = true;
                    } else {
                        value = value * 10 + (c - '0');
                    }
                }
                out[slot] = negative ? -value : value;
            }
            field++;
            i++;
        }
        return field > 24;
    }

    /** Per-thread buffers: one sample allocates little beyond the path strings. */
    private static final class Scratch {
        final ProcFiles.Buffer buffer = new ProcFiles.Buffer();
        final ProcFiles.Buffer listing = new ProcFiles.Buffer();
        final long[] statFields = new long[6];
        long[] pids = new long[64];
        int pidCount;

        void collectPids(SampleTarget target) {
            pidCount = 0;
            if (target.scope() == SamplingScope.LEADER) {
                if (new File("/proc/" + target.pid()).exists()) {
                    add(target.pid());
                }
                return;
            }
            if (target.cgroupProcs().isPresent()) {
                // The leader first, then the rest of the cgroup.
                if (new File("/proc/" + target.pid()).exists()) {
                    add(target.pid());
                }
                if (listing.read(target.cgroupProcs().get().toString())) {
                    addNumbers(listing, target.pid());
                }
                return;
            }
            if (!buffer.read("/proc/" + target.pid() + "/stat")) {
                return;
            }
            add(target.pid());
            if (CHILDREN_FILES) {
                for (int i = 0; i < pidCount; i++) {   // breadth first; pidCount grows as we go
                    addChildren(pids[i]);
                }
            } else {
                scanForDescendants();
            }
        }

        private void addChildren(long pid) {
            String task = "/proc/" + pid + "/task";
            String[] tids = new File(task).list();
            if (tids == null) {
                return;
            }
            for (String tid : tids) {
                if (listing.read(task + "/" + tid + "/children")) {
                    addNumbers(listing, -1);
                }
            }
        }

        /** Without children files: parent links from every process, repeated until nothing new joins. */
        private void scanForDescendants() {
            String[] all = new File("/proc").list();
            if (all == null) {
                return;
            }
            long[] ppids = new long[all.length];
            long[] candidates = new long[all.length];
            int n = 0;
            for (String name : all) {
                if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') {
                    continue;
                }
                if (buffer.read("/proc/" + name + "/stat") && parseStat(buffer, statFields)) {
                    candidates[n] = Long.parseLong(name);
                    ppids[n] = statFields[STAT_PPID];
                    n++;
                }
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                for (int i = 0; i < n; i++) {
                    if (candidates[i] > 0 && contains(ppids[i])) {
                        add(candidates[i]);
                        candidates[i] = 0;
                        grew = true;
                    }
                }
            }
        }

        private boolean contains(long pid) {
            for (int i = 0; i < pidCount; i++) {
                if (pids[i] == pid) {
                    return true;
                }
            }
            return false;
        }

        private void addNumbers(ProcFiles.Buffer b, long skip) {
            long value = -1;
            for (int i = 0; i <= b.length; i++) {
                byte c = i < b.length ? b.bytes[i] : (byte) ' ';
                if (c >= '0' && c <= '9') {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                } else if (value >= 0) {
                    if (value != skip) {
                        add(value);
                    }
                    value = -1;
                }
            }
        }

        private void add(long pid) {
            if (pidCount == pids.length) {
                pids = Arrays.copyOf(pids, pids.length * 2);
            }
            pids[pidCount++] = pid;
        }
    }

    private static long clockTicks() {
        try {
            long ticks = Posix.get().clockTicksPerSecond();
            return ticks > 0 ? ticks : 100;
        } catch (RuntimeException | LinkageError e) {
            return 100;
        }
    }

    /** The kernel page size, from {@code /proc/self/smaps} ("KernelPageSize: 4 kB"); 4096 if unknown. */
    private static long pageSize() {
        ProcFiles.Buffer b = new ProcFiles.Buffer();
        if (b.read("/proc/self/smaps")) {
            long kb = b.numberAt(b.afterKey("KernelPageSize:"));
            if (kb > 0) {
                return kb * 1024;
            }
        }
        return 4096;
    }
}
