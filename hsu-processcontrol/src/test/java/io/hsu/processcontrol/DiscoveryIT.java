package io.hsu.processcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.statemachine.WorkerState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Discovery by port, parent, user and working directory, against real processes and real sockets on
 * 127.0.0.1 and ::1. Every process a test starts is killed in {@link #killStarted()}.
 */
@Tag("process")
final class DiscoveryIT {
    private static final WorkerId PG = WorkerId.of("pg");
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    /**
     * Binds host/proto/port, then forks {@code forks} children that share the socket, prints
     * "port child..." and waits (reaping the children when the test kills them).
     */
    private static final String LISTENER = String.join("\n",
            "import os, signal, socket, sys",
            "host, proto, port, forks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])",
            "family = socket.AF_INET6 if ':' in host else socket.AF_INET",
            "s = socket.socket(family, socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((host, port))",
            "if proto == 'tcp': s.listen()",
            "kids = []",
            "for _ in range(forks):",
            "    pid = os.fork()",
            "    if pid == 0:",
            "        signal.pause()",
            "        os._exit(0)",
            "    kids.append(pid)",
            "print(s.getsockname()[1], *kids, flush=True)",
            "for k in kids: os.waitpid(k, 0)",
            "signal.pause()");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStarted() throws InterruptedException {
        for (Process p : started) {
            // Children first, and reaped by their parent before it goes: no orphan is left for init.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> p.children().findAny().isEmpty());
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ port

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({"127.0.0.1, tcp", "::1, tcp", "127.0.0.1, udp", "::1, udp"})
    void port_findsTheProcessBoundToIt(String host, String protocol) {
        Assumptions.assumeTrue(!host.contains(":") || Files.exists(Path.of("/proc/net/if_inet6")), "IPv6 is disabled");
        Listener listener = listen(host, protocol, 0, 0);
        AttachConfig config = AttachConfig.port(PG, listener.port, AttachConfig.Protocol.valueOf(protocol.toUpperCase()))
                .build();

        assertThat(foundPid(config)).isEqualTo(listener.process.pid());
    }

    @Test
    void port_sharedByAPreForkServer_choosesTheParent() {
        Listener server = listen("127.0.0.1", "tcp", 0, 2);
        assertThat(server.children).hasSize(2);

        AttachConfig config = AttachConfig.port(PG, server.port, AttachConfig.Protocol.TCP).build();

        assertThat(foundPid(config)).isEqualTo(server.process.pid());
    }

    @Test
    void port_nobodyListening_saysSo() throws IOException {
        int tcp;
        try (ServerSocket s = new ServerSocket(0)) {
            tcp = s.getLocalPort();
        }
        int udp;
        try (DatagramSocket s = new DatagramSocket(0)) {
            udp = s.getLocalPort();
        }
        assertThat(failure(AttachConfig.port(PG, tcp, AttachConfig.Protocol.TCP).build()))
                .isEqualTo("worker 'pg': no process listens on port " + tcp + "/tcp");
        assertThat(failure(AttachConfig.port(PG, udp, AttachConfig.Protocol.UDP).build()))
                .isEqualTo("worker 'pg': no process is bound to port " + udp + "/udp");
    }

    @Test
    void port_listenerGone_isFoundAgainAfterTheCheckInterval() {
        Listener first = listen("127.0.0.1", "tcp", 0, 0);
        AttachConfig config = AttachConfig.port(PG, first.port, AttachConfig.Protocol.TCP)
                .checkInterval(Duration.ofMillis(100)).build();
        try (ProcessControl worker = ProcessControl.attaching(config).build()) {
            assertThat(worker.start().join().pid()).hasValue(first.process.pid());

            first.process.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.EXITED);
            Listener second = listen("127.0.0.1", "tcp", first.port, 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> worker.snapshot().state() == WorkerState.RUNNING);
            assertThat(worker.snapshot().pid()).isEqualTo(OptionalLong.of(second.process.pid()));
        }
    }

    // ------------------------------------------------------------------ parent

    @Test
    void parent_byNameOrPidFile_findsItsChild() throws Exception {
        String name = "hsup" + ProcessHandle.current().pid() % 1_000_000;
        Process parent = start(new ProcessBuilder(Fixtures.script(dir, name, String.join("\n",
                "sleep 100001 &", "tail -f /dev/null &", "wait")).toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> childCommands(parent).equals(List.of("sleep", "tail")));
        long sleep = childPid(parent, "sleep");
        long tail = childPid(parent, "tail");
        Path pidFile = Files.writeString(dir.resolve("parent.pid"), parent.pid() + "\n");
        long oldest = parent.children().map(c -> ProcessIdentity.read((int) c.pid()).orElseThrow())
                .min(Comparator.comparingLong(ProcessIdentity::startTimeTicks).thenComparingInt(ProcessIdentity::pid))
                .orElseThrow().pid();

        assertThat(foundPid(AttachConfig.childOfNamed(PG, name).processName("tail").build())).isEqualTo(tail);
        assertThat(foundPid(AttachConfig.childOf(PG, pidFile).processName("sleep").build())).isEqualTo(sleep);
        assertThat(foundPid(AttachConfig.childOf(PG, pidFile).build())).isEqualTo(oldest);

        assertThat(failure(AttachConfig.childOfNamed(PG, name).processName("cat").build()))
                .isEqualTo("worker 'pg': no child named 'cat' of a process named '" + name + "'");
        assertThat(failure(AttachConfig.childOf(PG, pidFile).processName("cat").build()))
                .isEqualTo("worker 'pg': no child named 'cat' of pid " + parent.pid() + " (from parent PID file "
                        + pidFile + ")");
        assertThat(failure(AttachConfig.childOfNamed(PG, "no-such-parent").build()))
                .isEqualTo("worker 'pg': no process named 'no-such-parent' to be the parent");
        Path missing = dir.resolve("missing.pid");
        assertThat(failure(AttachConfig.childOf(PG, missing).build()))
                .isEqualTo("worker 'pg': looking for the parent: PID file " + missing + " does not exist");
    }

    // ------------------------------------------------------------------ user

    @Test
    void user_byNameOrUid_findsAProcessOfNobody() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a process as nobody");
        // A link with a unique name, so the process's name (comm) tells it from other tests' sleeps.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String name = "nob" + ProcessHandle.current().pid() % 1_000_000;
        Path sleep = Files.createSymbolicLink(dir.resolve(name), sleepExecutable());
        Process nobody = start(new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                sleep.toString(), "1000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> name.equals(comm(nobody.pid())));

        assertThat(foundPid(AttachConfig.user(PG, "nobody").processName(name).build())).isEqualTo(nobody.pid());
        assertThat(foundPid(AttachConfig.user(PG, "65534").processName(name).build())).isEqualTo(nobody.pid());

        assertThat(failure(AttachConfig.user(PG, "root").processName(name).build()))
                .isEqualTo("worker 'pg': no process named '" + name + "' of user 'root' (uid 0)");
        assertThat(failure(AttachConfig.user(PG, "no-such-user-hsu").build())).isEqualTo("worker 'pg': no user"
                + " 'no-such-user-hsu' in /etc/passwd; give a numeric uid for a user from another source (LDAP)");
    }

    // ------------------------------------------------------------------ cwd

    @Test
    void cwd_findsTheProcessWorkingThere_alsoThroughASymbolicLink() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), work);
        Path other = Files.createDirectory(dir.resolve("other"));
        Process sleeper = start(new ProcessBuilder("sleep", "1000").directory(work.toFile()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "sleep".equals(comm(sleeper.pid())));

        assertThat(foundPid(AttachConfig.cwd(PG, work).build())).isEqualTo(sleeper.pid());
        assertThat(foundPid(AttachConfig.cwd(PG, link).processName("sleep").build())).isEqualTo(sleeper.pid());

        // Processes whose cwd HSU may not read (a sandbox's init even for root) are counted at the end.
        assertThat(failure(AttachConfig.cwd(PG, work).processName("tail").build()))
                .isEqualTo("worker 'pg': no process named 'tail' with working directory " + work);
        assertThat(failure(AttachConfig.cwd(PG, other).build())).matches(Pattern.quote("worker 'pg': no process with"
                + " working directory " + other) + "( \\(\\d+ processes' working directories could not be read\\))?");
    }

    // ------------------------------------------------------------------ helpers

    private static long foundPid(AttachConfig config) {
        try (ProcessControl worker = ProcessControl.attaching(config).build()) {
            return worker.start().join().pid().orElseThrow();
        }
    }

    private static String failure(AttachConfig config) {
        try (ProcessControl worker = ProcessControl.attaching(config).build()) {
            Throwable[] cause = new Throwable[1];
            assertThatThrownBy(() -> worker.start().join()).cause().isInstanceOf(AttachFailedException.class)
                    .satisfies(e -> cause[0] = e);
            return cause[0].getMessage();
        }
    }

    private Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** A python listener, with its port and the pids of the children sharing its socket. */
    private record Listener(Process process, int port, List<Long> children) {
    }

    private Listener listen(String host, String protocol, int port, int forks) {
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, "-c", LISTENER, host, protocol, Integer.toString(port), Integer.toString(forks))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the listener did not report its port", e);
        }
        assertThat(line).as("listener output").isNotNull();
        List<Long> numbers = Arrays.stream(line.strip().split(" ")).map(Long::parseLong).collect(Collectors.toList());
        return new Listener(p, numbers.get(0).intValue(), numbers.subList(1, numbers.size()));
    }

    private static List<String> childCommands(Process parent) {
        return parent.children().map(c -> comm(c.pid())).sorted().collect(Collectors.toList());
    }

    private static long childPid(Process parent, String comm) {
        return parent.children().filter(c -> comm.equals(comm(c.pid()))).findFirst().orElseThrow().pid();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Path sleepExecutable() {
        for (String candidate : List.of("/usr/bin/sleep", "/bin/sleep")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("no sleep executable in /usr/bin or /bin");
    }
}
