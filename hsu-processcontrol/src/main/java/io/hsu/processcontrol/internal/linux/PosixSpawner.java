package io.hsu.processcontrol.internal.linux;

import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import io.hsu.core.posix.Errno;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a process with {@code posix_spawn} so that it leads its own session and process group
 * (POSIX_SPAWN_SETSID), has an empty signal mask and default dispositions for every signal
 * (SETSIGMASK, SETSIGDEF: the JVM's ignored signals are not inherited), reads /dev/null on 0,
 * writes its stdout and stderr to the given descriptors, and inherits no other descriptor of the
 * JVM ({@code addclosefrom_np(3)}). glibc's posix_spawn reports exec failures (ENOENT, EACCES,
 * ENOEXEC, ...) as its result, so a failed start never leaves a child behind.
 *
 * <p>Thread-safe: every call allocates its own native structures.
 */
final class PosixSpawner {
    private static final int O_RDONLY = 0;

    private PosixSpawner() {
    }

    /**
     * Spawns {@code executable} with {@code argv} (argv[0] included) and {@code environment}
     * ({@code KEY=VALUE}).
     *
     * @param stdoutFd the descriptor the child gets as 1
     * @param stderrFd the descriptor the child gets as 2
     * @return the child's pid
     * @throws SpawnErrno with the errno posix_spawn returned
     */
    static int spawn(Path executable, List<String> argv, List<String> environment, Path workingDirectory,
                     int stdoutFd, int stderrFd) {
        try (Memory attr = new Memory(SpawnLib.ATTR_BYTES);
             Memory actions = new Memory(SpawnLib.ACTIONS_BYTES);
             Memory emptySet = new Memory(SpawnLib.SIGSET_BYTES);
             Memory fullSet = new Memory(SpawnLib.SIGSET_BYTES)) {
            check("posix_spawnattr_init", SpawnLib.posix_spawnattr_init(attr));
            try {
                check("posix_spawn_file_actions_init", SpawnLib.posix_spawn_file_actions_init(actions));
                try {
                    SpawnLib.sigemptyset(emptySet);
                    SpawnLib.sigfillset(fullSet);
                    check("posix_spawnattr_setsigmask", SpawnLib.posix_spawnattr_setsigmask(attr, emptySet));
                    check("posix_spawnattr_setsigdefault", SpawnLib.posix_spawnattr_setsigdefault(attr, fullSet));
                    check("posix_spawnattr_setflags", SpawnLib.posix_spawnattr_setflags(attr,
                            (short) (SpawnLib.POSIX_SPAWN_SETSID | SpawnLib.POSIX_SPAWN_SETSIGMASK
                                    | SpawnLib.POSIX_SPAWN_SETSIGDEF)));
                    check("addopen /dev/null", SpawnLib.posix_spawn_file_actions_addopen(actions, 0,
                            cString("/dev/null"), O_RDONLY, 0));
                    check("adddup2 stdout", SpawnLib.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1));
                    check("adddup2 stderr", SpawnLib.posix_spawn_file_actions_adddup2(actions, stderrFd, 2));
                    check("addclosefrom_np", SpawnLib.posix_spawn_file_actions_addclosefrom_np(actions, 3));
                    check("addchdir_np", SpawnLib.posix_spawn_file_actions_addchdir_np(actions,
                            cString(workingDirectory.toString())));
                    StringArray args = new StringArray(argv.toArray(new String[0]), "UTF-8");
                    StringArray env = new StringArray(environment.toArray(new String[0]), "UTF-8");
                    int[] pid = new int[1];
                    int rc = SpawnLib.posix_spawn(pid, cString(executable.toString()), actions, attr, args, env);
                    if (rc != 0) {
                        throw new SpawnErrno("posix_spawn", rc);
                    }
                    return pid[0];
                } finally {
                    SpawnLib.posix_spawn_file_actions_destroy(actions);
                }
            } finally {
                SpawnLib.posix_spawnattr_destroy(attr);
            }
        }
    }

    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new SpawnErrno(call, rc);
        }
    }

    private static byte[] cString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }

    /** A posix_spawn call failed with {@code errno}; the launcher turns it into a SpawnFailedException. */
    static final class SpawnErrno extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient int errno;

        SpawnErrno(String call, int errno) {
            super(call + " failed: " + Errno.describe(errno));
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
