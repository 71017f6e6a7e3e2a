package io.hsu.processcontrol.internal.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of glibc's {@code posix_spawn} family. Loaded on first use (by
 * {@link PosixSpawner}), never from another class's static initializer. The {@code _np} calls need
 * glibc 2.29 ({@code addchdir_np}) and 2.34 ({@code addclosefrom_np}); Debian 12 has 2.36.
 * {@code posix_spawn} returns an errno number (0 on success) instead of setting errno. Paths are
 * NUL-terminated UTF-8 byte arrays, so file names do not depend on the JVM's default charset.
 */
final class SpawnLib {
    static {
        Native.register(SpawnLib.class, NativeLibrary.getInstance("c"));
    }

    /** Generous upper bounds of {@code sizeof(posix_spawnattr_t)} (336) and of the file actions (80), sigset_t (128). */
    static final int ATTR_BYTES = 1024;
    static final int ACTIONS_BYTES = 512;
    static final int SIGSET_BYTES = 256;

    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;

    private SpawnLib() {
    }

    static native int posix_spawn(int[] pid, byte[] path, Pointer fileActions, Pointer attr, Pointer argv,
                                  Pointer envp);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags, int mode);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

    static native int kill(int pid, int signal);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);
}
