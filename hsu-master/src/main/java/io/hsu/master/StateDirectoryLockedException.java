package io.hsu.master;

import io.hsu.core.ErrorKind;
import io.hsu.core.HsuException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Another master holds the state directory. The {@code hsu} command exits 3 with this message.
 *
 * <p>Immutable and thread-safe.
 */
public final class StateDirectoryLockedException extends HsuException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long holderPid;

    /** @param holderPid the pid written by the holder, or -1 when it could not be read */
    public StateDirectoryLockedException(Path directory, long holderPid) {
        super("another master" + (holderPid > 0 ? " (pid " + holderPid + ")" : "") + " holds the state directory "
                + directory + "; stop it first, or use another --state-dir");
        this.directory = directory;
        this.holderPid = holderPid;
    }

    /** The locked directory. */
    public Path directory() {
        return directory;
    }

    /** The pid of the master holding it, if known. */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFLICT;
    }
}
