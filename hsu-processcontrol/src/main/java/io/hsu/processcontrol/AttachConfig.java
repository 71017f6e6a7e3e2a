package io.hsu.processcontrol;

import io.hsu.core.Durations;
import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to find and control an unmanaged worker (one HSU did not start): {@code discovery} (a PID file,
 * or a regex on the process name or command line) and {@code control} ({@code can_terminate},
 * {@code can_restart}, {@code allowed_signals}, {@code graceful_timeout}). The process found is
 * identified by its start time, checked again before every signal, so a recycled pid is never
 * signalled.
 *
 * <p>Immutable and thread-safe.
 */
public final class AttachConfig {
    /** How the process is found. */
    public enum Method {
        /** The pid in a PID file (absolute path). */
        PID_FILE,
        /** A regex that matches the whole process name ({@code /proc/<pid>/comm}). */
        PROCESS_NAME,
        /** A regex found in the command line (arguments joined by blanks). */
        CMDLINE
    }

    private final WorkerId workerId;
    private final Method method;
    private final Path pidFile;
    private final Pattern pattern;
    private final Duration checkInterval;
    private final boolean canTerminate;
    private final boolean canRestart;
    private final Set<Signal> allowedSignals;
    private final Duration gracefulTimeout;

    private AttachConfig(Builder b) {
        workerId = b.workerId;
        method = b.method;
        pidFile = b.pidFile;
        pattern = b.pattern;
        checkInterval = b.checkInterval;
        canTerminate = b.canTerminate;
        canRestart = b.canRestart;
        allowedSignals = b.allowedSignals.isEmpty() ? Set.of() : Set.copyOf(b.allowedSignals);
        gracefulTimeout = b.gracefulTimeout;
    }

    /** Finds the process through the PID file at {@code pidFile} (absolute). */
    public static Builder pidFile(WorkerId workerId, Path pidFile) {
        Builder b = new Builder(workerId);
        Checks.notNull(pidFile, "pidFile");
        Checks.argument(pidFile.isAbsolute(), "pidFile must be an absolute path, but was '%s'", pidFile);
        b.method = Method.PID_FILE;
        b.pidFile = pidFile;
        return b;
    }

    /** Finds the process whose name (or, for {@link Method#CMDLINE}, command line) matches {@code regex}. */
    public static Builder pattern(WorkerId workerId, Method method, String regex) {
        Builder b = new Builder(workerId);
        Checks.argument(method == Method.PROCESS_NAME || method == Method.CMDLINE,
                "method must be PROCESS_NAME or CMDLINE for a pattern, but was %s", method);
        Checks.notNull(regex, "regex");
        b.method = method;
        b.pattern = Pattern.compile(regex);
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder(workerId);
        b.method = method;
        b.pidFile = pidFile;
        b.pattern = pattern;
        b.checkInterval = checkInterval;
        b.canTerminate = canTerminate;
        b.canRestart = canRestart;
        b.allowedSignals = allowedSignals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(allowedSignals);
        b.gracefulTimeout = gracefulTimeout;
        return b;
    }

    public WorkerId workerId() {
        return workerId;
    }

    public Method method() {
        return method;
    }

    public Optional<Path> pidFile() {
        return Optional.ofNullable(pidFile);
    }

    public Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** How often a lost process is looked for again. */
    public Duration checkInterval() {
        return checkInterval;
    }

    /** Whether HSU may stop the process (stop signal, then SIGKILL after the graceful timeout). */
    public boolean canTerminate() {
        return canTerminate;
    }

    /** Whether HSU may restart it (stop, then wait for it to be found again). */
    public boolean canRestart() {
        return canRestart;
    }

    /** Signals HSU may send besides stopping; empty means none. */
    public Set<Signal> allowedSignals() {
        return allowedSignals;
    }

    public Duration gracefulTimeout() {
        return gracefulTimeout;
    }

    @Override
    public String toString() {
        return "AttachConfig[" + workerId + ", " + method + " " + (pidFile != null ? pidFile : pattern)
                + ", terminate " + canTerminate + ", restart " + canRestart + "]";
    }

    /** Builds an {@link AttachConfig}. Not thread-safe. */
    public static final class Builder {
        private final WorkerId workerId;
        private Method method;
        private Path pidFile;
        private Pattern pattern;
        private Duration checkInterval = Duration.ofSeconds(30);
        private boolean canTerminate;
        private boolean canRestart;
        private Set<Signal> allowedSignals = EnumSet.noneOf(Signal.class);
        private Duration gracefulTimeout = Duration.ofSeconds(30);

        private Builder(WorkerId workerId) {
            this.workerId = Checks.notNull(workerId, "workerId");
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder checkInterval(Duration interval) {
            Checks.notNull(interval, "checkInterval");
            Checks.argument(!interval.isNegative() && !interval.isZero(), "checkInterval must be > 0, but was %s",
                    Durations.format(interval));
            this.checkInterval = interval;
            return this;
        }

        public Builder canTerminate(boolean canTerminate) {
            this.canTerminate = canTerminate;
            return this;
        }

        public Builder canRestart(boolean canRestart) {
            this.canRestart = canRestart;
            return this;
        }

        public Builder allowedSignals(Set<Signal> signals) {
            Checks.notNull(signals, "allowedSignals");
            this.allowedSignals = signals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(signals);
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder gracefulTimeout(Duration timeout) {
            Checks.notNull(timeout, "gracefulTimeout");
            Checks.argument(!timeout.isNegative(), "gracefulTimeout must be >= 0, but was %s", Durations.format(timeout));
            this.gracefulTimeout = timeout;
            return this;
        }

        public AttachConfig build() {
            return new AttachConfig(this);
        }
    }
}
