package io.hsu.benchmarks.resources;

import io.hsu.resources.RawUsage;
import io.hsu.resources.SampleTarget;
import io.hsu.resources.SamplingScope;
import io.hsu.resources.UsageSampler;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one usage sample (issue 6): {@code UsageSampler.forCurrentPlatform()} (on Linux the
 * {@code /proc} reader, {@code sampler=proc}) against {@code UsageSampler.oshi()} ({@code sampler=oshi}),
 * for the leader alone ({@code scope=LEADER}, 1 process) and for its whole tree ({@code scope=TREE},
 * {@value #TREE_SIZE} processes: one {@code sh} in a session of its own with 49 {@code sleep 600}
 * children, started once per trial and killed as a group at tear-down; see {@link ProcessTree}).
 * Swap is not read by default, as a worker without a {@code max_swap} limit does not read it;
 * {@code -p readSwap=true} adds {@code /proc/PID/status} to each process read.
 *
 * <pre>{@code java -jar hsu-benchmarks/target/benchmarks.jar ResourceSampling -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
// OSHI and hsu-core's POSIX calls go through JNA, which JDK 22+ warns about without this flag.
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ResourceSamplingBenchmark {
    /** Processes in the tree: the shell and its children. */
    static final int TREE_SIZE = 50;

    /** {@code proc}: {@code UsageSampler.forCurrentPlatform()}; {@code oshi}: {@code UsageSampler.oshi()}. */
    @Param({"proc", "oshi"})
    public String sampler;

    @Param({"LEADER", "TREE"})
    public SamplingScope scope;

    @Param({"false"})
    public boolean readSwap;

    private ProcessTree tree;
    private UsageSampler usageSampler;
    private SampleTarget target;

    @Setup(Level.Trial)
    public void startTree() throws IOException {
        usageSampler = switch (sampler) {
            case "proc" -> UsageSampler.forCurrentPlatform();
            case "oshi" -> UsageSampler.oshi();
            default -> throw new IllegalArgumentException("sampler must be proc or oshi, but was " + sampler);
        };
        tree = ProcessTree.start(TREE_SIZE - 1);
        target = new SampleTarget(tree.leaderPid(), scope, Optional.empty(), readSwap);
        // Measure what the table says: a sampler that missed processes would look cheap.
        int expected = scope == SamplingScope.TREE ? TREE_SIZE : 1;
        int sampled = usageSampler.sample(target).processes();
        if (sampled != expected) {
            throw new IllegalStateException(sampler + " sampled " + sampled + " processes with scope " + scope
                    + ", expected " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void stopTree() {
        if (tree != null) {
            tree.close();
        }
    }

    /** One sample of the target. */
    @Benchmark
    public RawUsage sample() {
        return usageSampler.sample(target);
    }
}
