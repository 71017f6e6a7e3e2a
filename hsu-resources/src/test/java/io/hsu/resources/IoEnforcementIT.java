package io.hsu.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hsu.core.WorkerId;
import io.hsu.core.config.ConfigNode;
import io.hsu.core.config.ConfigProblem;
import io.hsu.core.config.ConfigProblems;
import io.hsu.core.config.YamlConfig;
import io.hsu.core.config.YamlOptions;
import io.hsu.core.posix.AsNobody;
import io.hsu.core.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O limits, weights and shares in real cgroups on this machine: v1 blkio and cpu beside an empty
 * v2 hierarchy, the disk vda under the build directory. And the {@code required} message when the
 * cgroup cannot be made because HSU does not run as root.
 */
@Tag("process")
final class IoEnforcementIT {
    private static final long MIB = 1 << 20;
    private final Fixtures fixtures = new Fixtures();
    private final EnforcementConfig required = EnforcementConfig.DEFAULT.withCgroup(CgroupMode.REQUIRED)
            .withCgroupParent(Fixtures.uniqueParent());

    @AfterAll
    static void noCgroupLeftBehind() {
        assertThat(Fixtures.leftoverCgroups()).isEmpty();
    }

    @AfterEach
    void cleanUp() {
        fixtures.close();
        assertThat(fixtures.cgroupParents()).noneMatch(Files::exists);
    }

    /** v1 blkio throttles direct I/O (buffered writes would escape it through writeback). */
    @Test
    void directWrites_underMaxWriteBps_throttledToTheLimit() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "io-it-");
        Path file = dir.resolve("out");
        String disk = wholeDiskOf(dir);
        int blocks = 96;   // 6 MiB of 64 KiB blocks: 3 s at 2 MiB/s
        List<String> dd = List.of("/bin/dd", "if=/dev/zero", "of=" + file, "bs=64k", "count=" + blocks, "oflag=direct",
                "status=none");
        try {
            // without a limit the disk takes it far faster than the limit (the limit is what slows it below)
            double unlimited = bytesPerSecond(fixtures.start(dd), blocks * 64 * 1024L);
            ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.IO_WRITE_BPS, 2 * MIB).build();
            PreparedEnforcement e = fixtures.prepare("dd", limits, required);
            Path blkio = directoryOf(e, "/blkio/");
            assertThat(Files.readAllLines(blkio.resolve("blkio.throttle.write_bps_device")))
                    .contains(disk + " " + 2 * MIB);
            assertThat(Files.readString(blkio.resolve("blkio.throttle.read_bps_device"))).isBlank();

            double limited = bytesPerSecond(fixtures.start(e.wrap(dd)), blocks * 64 * 1024L);

            System.out.printf("direct writes to %s (%s): %.1f MiB/s without a limit, %.2f MiB/s under max_write_bps 2 MiB/s%n",
                    file, disk, unlimited / MIB, limited / MIB);
            assertThat(unlimited).isGreaterThan(4.0 * MIB);
            assertThat(limited).isBetween(1.5 * MIB, 2.3 * MIB);
            assertThat(Files.size(file)).isEqualTo(blocks * 64 * 1024L);
            e.close();
            assertThat(e.cgroupDirectories()).isNotEmpty().noneMatch(Files::exists);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    @Test
    void ioLimitsAndWeights_writtenToTheirFiles() throws Exception {
        ResourceLimits limits = ResourceLimits.builder().limit(LimitKind.IO_READ_BPS, 8 * MIB)
                .limit(LimitKind.IO_READ_OPS, 300).limit(LimitKind.IO_WRITE_OPS, 200)
                .ioWeight(500).cpuShares(512).build();

        PreparedEnforcement e = fixtures.prepare("weights", limits, required);

        String disk = wholeDiskOf(Path.of("target").toAbsolutePath());
        Path blkio = directoryOf(e, "/blkio/");
        assertThat(Files.readAllLines(blkio.resolve("blkio.throttle.read_bps_device"))).contains(disk + " " + 8 * MIB);
        assertThat(Files.readAllLines(blkio.resolve("blkio.throttle.read_iops_device"))).contains(disk + " 300");
        assertThat(Files.readAllLines(blkio.resolve("blkio.throttle.write_iops_device"))).contains(disk + " 200");
        assertThat(Files.readString(blkio.resolve("blkio.throttle.write_bps_device"))).isBlank();
        // Linux 5.0+ has no CFQ (blkio.weight); bfq's weight file is there whether or not a disk uses bfq
        assertThat(blkio.resolve("blkio.weight")).doesNotExist();
        assertThat(Files.readString(blkio.resolve("blkio.bfq.weight")).trim()).isEqualTo("136");   // 100 + 400 * 900 / 9900
        assertThat(Files.readString(directoryOf(e, "/cpu/").resolve("cpu.shares")).trim()).isEqualTo("512");
    }

    @Test
    void noIoLimit_noBlkioCgroup() {
        PreparedEnforcement e = fixtures.prepare("plain", ResourceLimits.NONE, required);
        assertThat(e.cgroupDirectories()).noneMatch(d -> d.toString().contains("/blkio/"));
    }

    /** This kernel has what the YAML asks for; what it applies only in part is a warning. */
    @Test
    void load_required_onThisMachine_acceptedWithWarnings() throws IOException {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = YamlConfig.load("""
                limits:
                  cpu_shares: 512
                  io: { weight: 500, max_write_bps: 2MiB, max_read_ops: 100 }
                  enforcement: { cgroup: required }
                """, "hsu.yaml", YamlOptions.ofDefaults(), problems);

        ResourceLimitsYaml.read(root.get("limits"), "Linux");

        assertThat(problems.errors()).isEmpty();
        List<String> expected = new ArrayList<>(List.of("hsu.yaml:3:7: limits.io: warning: cgroup v1 blkio throttles reads"
                + " and direct writes only: buffered writes reach the disk later through the kernel's writeback, outside"
                + " the worker's cgroup, and are not limited"));
        List<String> disks = new ArrayList<>();
        boolean anyBfq = false;
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of("/sys/block"))) {
            for (Path disk : entries.sorted().toList()) {
                String name = disk.getFileName().toString();
                if (!name.startsWith("loop") && !name.startsWith("ram") && !name.startsWith("zram")) {
                    disks.add(name);
                    anyBfq |= Files.readString(disk.resolve("queue/scheduler")).contains("[bfq]");
                }
            }
        }
        if (!anyBfq) {
            expected.add("hsu.yaml:3:17: limits.io.weight: warning: io.weight is applied through blkio.bfq.weight, which"
                    + " only disks with the bfq scheduler honour, and none has it now (" + String.join(", ", disks.stream()
                    .map(d -> "echo bfq > /sys/block/" + d + "/queue/scheduler").toList()) + ")");
        }
        assertThat(problems.warnings()).extracting(ConfigProblem::toString).containsExactlyElementsOf(expected);
    }

    /** As root, runs a JVM as user nobody (setpriv) that prepares a worker with {@code cgroup: required}. */
    @Test
    void required_notRoot_saysSo(@TempDir Path directory) throws Exception {
        assumeTrue(Posix.get().geteuid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        Path v2 = Path.of("/sys/fs/cgroup/unified");
        assumeTrue(Files.exists(v2.resolve("cgroup.procs")) && ownV2Cgroup().equals("/"),
                "the message below names the v2 parent of a JVM in the v2 root");
        String parent = Fixtures.uniqueParent();

        String output = AsNobody.runJava(directory, List.of(com.sun.jna.Native.class, org.slf4j.LoggerFactory.class,
                WorkerId.class, Enforcement.class), CgroupRequiredMain.class, parent);

        assertThat(output.lines()).contains("PLATFORM: worker 'web': cannot make the cgroup parent " + v2.resolve(parent)
                + ": no write access (running as uid 65534, not root)");
        assertThat(v2.resolve(parent)).doesNotExist();
    }

    private static double bytesPerSecond(Process p, long bytes) throws InterruptedException {
        long start = System.nanoTime();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long nanos = System.nanoTime() - start;
        assertThat(p.exitValue()).isZero();
        return bytes * 1e9 / nanos;
    }

    private static Path directoryOf(PreparedEnforcement e, String hierarchy) {
        return e.cgroupDirectories().stream().filter(d -> d.toString().contains(hierarchy)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + hierarchy + " cgroup in " + e.cgroupDirectories()));
    }

    /** {@code MAJ:MIN} of the whole disk that holds {@code path}: its partition's parent, if it is on one. */
    private static String wholeDiskOf(Path path) throws IOException {
        long dev = (Long) Files.getAttribute(path, "unix:dev");
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path device = Path.of("/sys/dev/block/" + major + ":" + minor);
        // tmpfs or overlay: no disk to throttle under this directory; not a kernel gap, so say so
        assumeTrue(Files.exists(device), path + " is on device " + major + ":" + minor + ", which is no block device");
        Path sys = device.toRealPath();
        Path disk = Files.exists(sys.resolve("partition")) ? sys.getParent() : sys;
        return Files.readString(disk.resolve("dev")).trim();
    }

    private static String ownV2Cgroup() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .map(l -> l.substring(3)).findFirst().orElse("");
    }
}
