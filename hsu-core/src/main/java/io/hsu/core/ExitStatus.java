package io.hsu.core;

/**
 * How a process ended. Statuses come from {@code waitid}, so "killed by signal 9" is told apart
 * from "exited with code 137"; a process HSU did not spawn in this life has an {@link Unknown}
 * status, which restart policies treat as a failure.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ExitStatus permits ExitStatus.Exited, ExitStatus.Signaled, ExitStatus.Unknown {

    /** Exited on its own with {@code code} (0 to 255). */
    static Exited exited(int code) {
        return new Exited(code);
    }

    /** Killed by {@code signal}. */
    static Signaled signaled(int signal) {
        return new Signaled(signal, false, false);
    }

    /** Exit status not known: the process was adopted, not spawned by this master. */
    static Unknown unknown(String why) {
        return new Unknown(why);
    }

    /** True only for {@code exited(0)}; callers with custom success codes ask {@link #isSuccess(java.util.Set)}. */
    default boolean isSuccess() {
        return this instanceof Exited e && e.code() == 0;
    }

    /** True when the process exited with one of {@code successCodes}; a signal or unknown status never is. */
    default boolean isSuccess(java.util.Set<Integer> successCodes) {
        return this instanceof Exited e && successCodes.contains(e.code());
    }

    /** True when the kernel's OOM killer ended the process. */
    default boolean isOomKilled() {
        return this instanceof Signaled s && s.oomKilled();
    }

    /** Short text for status lines and events: {@code exited 1}, {@code killed by SIGKILL (oom-killed)}. */
    String describe();

    /** Exited on its own. @param code the exit code, 0 to 255 */
    record Exited(int code) implements ExitStatus {
        public Exited {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit code must be in 0..255, but was " + code);
            }
        }

        @Override
        public String describe() {
            return "exited " + code;
        }
    }

    /**
     * Killed by a signal.
     *
     * @param signal the signal number (9 for SIGKILL)
     * @param coreDumped whether the kernel wrote a core dump
     * @param oomKilled whether the OOM killer sent the signal (known from the worker's cgroup)
     */
    record Signaled(int signal, boolean coreDumped, boolean oomKilled) implements ExitStatus {
        public Signaled {
            if (signal < 1 || signal > 64) {
                throw new IllegalArgumentException("signal must be in 1..64, but was " + signal);
            }
        }

        /** This status, marked as an OOM kill. */
        public Signaled asOomKill() {
            return new Signaled(signal, coreDumped, true);
        }

        @Override
        public String describe() {
            return "killed by " + io.hsu.core.posix.Signal.describe(signal) + (coreDumped ? " (core dumped)" : "") + (oomKilled ? " (oom-killed)" : "");
        }
    }

    /** Not known, with the reason (for example "adopted process; exit status unavailable"). */
    record Unknown(String reason) implements ExitStatus {
        public Unknown {
            java.util.Objects.requireNonNull(reason, "reason must not be null");
        }

        @Override
        public String describe() {
            return "exit status unknown (" + reason + ")";
        }
    }
}
