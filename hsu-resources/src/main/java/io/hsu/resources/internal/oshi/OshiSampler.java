package io.hsu.resources.internal.oshi;

import io.hsu.resources.RawUsage;
import io.hsu.resources.SampleTarget;
import io.hsu.resources.SamplingScope;
import io.hsu.resources.UsageSampler;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * The portable sampler through OSHI, for platforms other than Linux (not tested by HSU there). OSHI
 * does not report swap per process, so swap is 0; a cgroup target is sampled as a tree.
 *
 * <p>Thread-safe (OSHI's {@link OperatingSystem} is).
 */
public final class OshiSampler implements UsageSampler {
    private final OperatingSystem os;

    public OshiSampler() {
        this.os = new SystemInfo().getOperatingSystem();
    }

    @Override
    public RawUsage sample(SampleTarget target) {
        List<OSProcess> processes = processes(target);
        if (processes.isEmpty()) {
            return RawUsage.NONE;
        }
        long rss = 0;
        long virtual = 0;
        long cpuMillis = 0;
        int threads = 0;
        int fds = 0;
        long read = 0;
        long written = 0;
        for (OSProcess p : processes) {
            rss += p.getResidentMemory();
            virtual += p.getVirtualSize();
            cpuMillis += p.getKernelTime() + p.getUserTime();
            threads += p.getThreadCount();
            fds += (int) Math.max(0, p.getOpenFiles());
            read += p.getBytesRead();
            written += p.getBytesWritten();
        }
        return new RawUsage(rss, virtual, 0, cpuMillis * 1_000_000L, threads, processes.size(), fds, read, written,
                -1, -1);
    }

    @Override
    public long[] pids(SampleTarget target) {
        return processes(target).stream().mapToLong(OSProcess::getProcessID).toArray();
    }

    private List<OSProcess> processes(SampleTarget target) {
        int pid = (int) target.pid();
        OSProcess leader = os.getProcess(pid);
        List<OSProcess> result = new ArrayList<>();
        if (leader == null) {
            return result;
        }
        result.add(leader);
        if (target.scope() == SamplingScope.TREE) {
            result.addAll(os.getDescendantProcesses(pid, null, null, 0));
        }
        return result;
    }
}
