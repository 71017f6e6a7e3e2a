package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ErrorKind;
import io.hsu.core.WorkerId;
import io.hsu.core.posix.Errno;
import io.hsu.core.posix.Posix;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.processcontrol.AttachFailedException;
import io.hsu.processcontrol.ExecutionConfig;
import io.hsu.processcontrol.LaunchContribution;
import io.hsu.processcontrol.SpawnFailedException;
import io.hsu.processcontrol.internal.LaunchChain;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Failure handling: everything a user can get wrong is checked before the spawn and reported with
 * the path (executable missing, a directory, not executable; working directory missing; user or
 * group without root). What the kernel still refuses comes back from posix_spawn as an errno, and
 * no child is left behind.
 */
/** Starts and adopts worker processes on Linux; thread-safe, stateless apart from the shared supervisor. */
public final class LinuxLauncher {
    private static final Logger log = LoggerFactory.getLogger(LinuxLauncher.class);
    private static final int PIPE_BYTES = 1 << 20;

    private final LinuxSupervisor supervisor;
    private final LaunchChain.Tools tools;

    public LinuxLauncher() {
        this.supervisor = LinuxSupervisor.get();
        this.tools = LaunchChain.Tools.find();
    }

    /**
     * Checks what a start needs, without starting anything.
     *
     * @throws SpawnFailedException with the path and what is wrong with it
     */
    public static void verify(WorkerId worker, ExecutionConfig execution) {
        Path exe = execution.executable();
        String who = "worker '" + worker + "': cannot start '" + exe + "'";
        if (!Files.exists(exe)) {
            throw new SpawnFailedException(who + ": no such file", null);
        }
        if (Files.isDirectory(exe)) {
            throw new SpawnFailedException(who + ": it is a directory", null);
        }
        if (!Files.isExecutable(exe) || !anyExecuteBit(exe)) {
            throw new SpawnFailedException(who + ": permission denied (mode " + mode(exe)
                    + "); check the file mode and 'user'", null);
        }
        Path dir = execution.effectiveWorkingDirectory();
        if (!Files.isDirectory(dir)) {
            throw new SpawnFailedException("worker '" + worker + "': working directory '" + dir + "' "
                    + (Files.exists(dir) ? "is not a directory" : "does not exist"), null);
        }
        if ((execution.user().isPresent() || execution.group().isPresent()) && Posix.get().geteuid() != 0) {
            throw new SpawnFailedException("worker '" + worker + "': 'user' and 'group' need root, but HSU runs as uid "
                    + Posix.get().geteuid(), null);
        }
    }

    /**
     * Starts {@code execution} with stdout and stderr going to the FIFOs (which must exist and have
     * a reader attached), watched for exit by the shared supervisor.
     *
     * @throws SpawnFailedException if it cannot start; the message names the path
     */
    public LinuxProcess launch(WorkerId worker, ExecutionConfig execution, LaunchContribution contribution,
                               Path stdoutFifo, Path stderrFifo) {
        verify(worker, execution);
        Posix posix = Posix.get();
        List<String> argv = LaunchChain.argv(execution, contribution, tools);
        List<String> environment = environment(worker, execution);
        int out = -1;
        int err = -1;
        try {
            // O_RDWR: the child's stdout is a reader of its own FIFO too, so it never gets SIGPIPE
            // while no master reads; blocking, so a full pipe makes it wait rather than lose output.
            out = posix.open(stdoutFifo, Posix.O_RDWR | Posix.O_CLOEXEC);
            err = posix.open(stderrFifo, Posix.O_RDWR | Posix.O_CLOEXEC);
            raisePipeSize(posix, out);   // the collector raises it too; best effort either way
            raisePipeSize(posix, err);
            int pid;
            try {
                pid = PosixSpawner.spawn(Path.of(argv.get(0)), argv, environment,
                        execution.effectiveWorkingDirectory(), out, err);
            } catch (PosixSpawner.SpawnErrno e) {
                throw spawnFailed(worker, execution, argv, e);
            }
            long start = ProcessIdentity.read(pid).map(ProcessIdentity::startTimeTicks).orElse(0L);
            LinuxProcess process = new LinuxProcess(worker.value(), pid, start, true, supervisor);
            supervisor.watchSpawned(pid, process::exited);
            return process;
        } catch (PosixException e) {
            throw new SpawnFailedException("worker '" + worker + "': cannot open its output FIFO: " + e.getMessage(), e);
        } finally {
            closeQuietly(posix, out);
            closeQuietly(posix, err);
        }
    }

    /**
     * Adopts a process this JVM did not spawn, after checking it is the one that started at
     * {@code startTicks}. Its exit is watched through a pidfd; its exit status is unknown.
     *
     * @throws AttachFailedException if the pid is dead or names another process
     */
    public LinuxProcess adopt(WorkerId worker, int pid, long startTicks, String source) {
        Optional<ProcessIdentity> now = ProcessIdentity.read(pid);
        if (now.isEmpty() || now.get().isZombie()) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "worker '" + worker + "': pid " + pid + " from "
                    + source + " is not running");
        }
        if (now.get().startTimeTicks() != startTicks) {
            throw new AttachFailedException(ErrorKind.CONFLICT, "worker '" + worker + "': pid " + pid + " from "
                    + source + " now belongs to another process (started at tick " + now.get().startTimeTicks()
                    + ", expected " + startTicks + "); the pid was recycled, refusing to touch it");
        }
        LinuxProcess process = new LinuxProcess(worker.value(), pid, startTicks, false, supervisor);
        if (!supervisor.watchOther(pid, startTicks, process::exited)) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "worker '" + worker + "': pid " + pid + " from "
                    + source + " exited while being adopted");
        }
        return process;
    }

    private List<String> environment(WorkerId worker, ExecutionConfig execution) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (execution.inheritEnvironment()) {
            System.getenv().forEach((k, v) -> entries.put(k, k + "=" + v));
        }
        for (String entry : execution.environment()) {
            entries.put(entry.substring(0, entry.indexOf('=')), entry);
        }
        entries.put(LinuxSupervisor.WORKER_ID_VARIABLE, LinuxSupervisor.WORKER_ID_VARIABLE + "=" + worker.value());
        entries.put(LinuxSupervisor.SUPERVISOR_PID_VARIABLE, supervisor.marker());
        return new ArrayList<>(entries.values());
    }

    private static SpawnFailedException spawnFailed(WorkerId worker, ExecutionConfig execution, List<String> argv,
                                                    PosixSpawner.SpawnErrno e) {
        String hint;
        Errno errno = Errno.fromNumber(e.errno()).orElse(null);
        if (errno == Errno.EACCES || errno == Errno.EPERM) {
            hint = "; check the file mode and 'user'";
        } else if (errno == Errno.ENOENT) {
            hint = "; check the path and, for a script, its #! interpreter";
        } else {
            hint = "";
        }
        String program = argv.get(0).equals(execution.executable().toString()) ? "'" + execution.executable() + "'"
                : "'" + execution.executable() + "' through " + argv.get(0);
        return new SpawnFailedException("worker '" + worker + "': cannot spawn " + program + " ("
                + Errno.describe(e.errno()) + ")" + hint, e);
    }

    private static boolean anyExecuteBit(Path exe) {
        try {
            return Files.getPosixFilePermissions(exe).stream().anyMatch(p -> p.name().endsWith("EXECUTE"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    private static String mode(Path exe) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(exe, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static void raisePipeSize(Posix posix, int fd) {
        try {
            posix.setPipeSize(fd, PIPE_BYTES);
        } catch (PosixException e) {
            log.debug("cannot raise pipe size: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Posix posix, int fd) {
        if (fd >= 0) {
            try {
                posix.close(fd);
            } catch (PosixException e) {
                log.debug("close({}) failed: {}", fd, e.getMessage());
            }
        }
    }
}
