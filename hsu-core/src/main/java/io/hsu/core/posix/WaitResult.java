package io.hsu.core.posix;

import java.util.Objects;
import java.util.Optional;

/**
 * How a child ended, as {@code waitid} reported it: it exited with a code, or a signal killed it
 * (possibly dumping core). "Killed by signal 9" and "exited 137" are different results.
 *
 * <p>Immutable and thread-safe.
 */
public final class WaitResult {
    private final int pid;
    private final boolean exited;
    private final int exitCode;
    private final int signalNumber;
    private final boolean coreDumped;

    private WaitResult(int pid, boolean exited, int exitCode, int signalNumber, boolean coreDumped) {
        this.pid = pid;
        this.exited = exited;
        this.exitCode = exitCode;
        this.signalNumber = signalNumber;
        this.coreDumped = coreDumped;
    }

    /** The child called {@code exit(code)} (only the low 8 bits survive). */
    public static WaitResult exited(int pid, int code) {
        return new WaitResult(pid, true, code, 0, false);
    }

    /** A signal killed the child. */
    public static WaitResult killed(int pid, int signalNumber, boolean coreDumped) {
        return new WaitResult(pid, false, 0, signalNumber, coreDumped);
    }

    /** The child's pid. */
    public int pid() {
        return pid;
    }

    /** Whether the child exited on its own (then {@link #exitCode()} is meaningful). */
    public boolean exited() {
        return exited;
    }

    /** Whether a signal killed the child (then {@link #signalNumber()} is meaningful). */
    public boolean killed() {
        return !exited;
    }

    /**
     * The exit code.
     *
     * @throws IllegalStateException if a signal killed the child
     */
    public int exitCode() {
        if (!exited) {
            throw new IllegalStateException("pid " + pid + " did not exit, it was killed by "
                    + Signal.describe(signalNumber));
        }
        return exitCode;
    }

    /**
     * The number of the signal that killed the child (real-time signals have no {@link Signal}).
     *
     * @throws IllegalStateException if the child exited
     */
    public int signalNumber() {
        if (exited) {
            throw new IllegalStateException("pid " + pid + " was not killed by a signal, it exited " + exitCode);
        }
        return signalNumber;
    }

    /** The signal that killed the child; empty if it exited or the signal has no constant. */
    public Optional<Signal> signal() {
        return exited ? Optional.empty() : Signal.fromNumber(signalNumber);
    }

    /** Whether the killed child dumped core. */
    public boolean coreDumped() {
        return coreDumped;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitResult w && w.pid == pid && w.exited == exited && w.exitCode == exitCode
                && w.signalNumber == signalNumber && w.coreDumped == coreDumped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(pid, exited, exitCode, signalNumber, coreDumped);
    }

    /** {@code "pid 42 exited 0"} or {@code "pid 42 killed by SIGSEGV (core dumped)"}. */
    @Override
    public String toString() {
        return exited ? "pid " + pid + " exited " + exitCode
                : "pid " + pid + " killed by " + Signal.describe(signalNumber) + (coreDumped ? " (core dumped)" : "");
    }
}
