package io.hsu.processcontrol;

import io.hsu.core.Durations;
import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link ProcessControl} needs to run one managed worker: its id, the state directory
 * (FIFOs and, by default, PID files live there), what to execute, the PID file, the restart
 * settings, and how to stop it ({@code stop_signal} to the whole tree, {@code graceful_timeout},
 * then SIGKILL).
 *
 * <p>Immutable and thread-safe.
 */
public final class ProcessConfig {
    private final WorkerId workerId;
    private final Path stateDirectory;
    private final ExecutionConfig execution;
    private final ProcessFileConfig processFile;
    private final RestartConfig restart;
    private final Duration gracefulTimeout;
    private final Signal stopSignal;

    private ProcessConfig(Builder b) {
        workerId = b.workerId;
        stateDirectory = b.stateDirectory;
        execution = b.execution;
        processFile = b.processFile;
        restart = b.restart;
        gracefulTimeout = b.gracefulTimeout;
        stopSignal = b.stopSignal;
    }

    public static Builder builder(WorkerId workerId) {
        return new Builder(workerId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(workerId);
        b.stateDirectory = stateDirectory;
        b.execution = execution;
        b.processFile = processFile;
        b.restart = restart;
        b.gracefulTimeout = gracefulTimeout;
        b.stopSignal = stopSignal;
        return b;
    }

    public WorkerId workerId() {
        return workerId;
    }

    /** Where the worker's FIFOs and (by default) its PID file live. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    public ExecutionConfig execution() {
        return execution;
    }

    public ProcessFileConfig processFile() {
        return processFile;
    }

    /** The PID file path. */
    public Path pidFile() {
        return processFile.pidFile(workerId, stateDirectory);
    }

    public RestartConfig restart() {
        return restart;
    }

    /** How long the tree gets between the stop signal and SIGKILL. */
    public Duration gracefulTimeout() {
        return gracefulTimeout;
    }

    /** The first signal of a stop, sent to the whole tree. */
    public Signal stopSignal() {
        return stopSignal;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProcessConfig)) {
            return false;
        }
        ProcessConfig c = (ProcessConfig) o;
        return workerId.equals(c.workerId) && stateDirectory.equals(c.stateDirectory) && execution.equals(c.execution)
                && processFile.equals(c.processFile) && restart.equals(c.restart)
                && gracefulTimeout.equals(c.gracefulTimeout) && stopSignal == c.stopSignal;
    }

    @Override
    public int hashCode() {
        return Objects.hash(workerId, stateDirectory, execution, processFile, restart, gracefulTimeout, stopSignal);
    }

    @Override
    public String toString() {
        return "ProcessConfig[" + workerId + ", " + execution + ", " + restart + ", stop " + stopSignal.signalName()
                + " then SIGKILL after " + Durations.format(gracefulTimeout) + "]";
    }

    /** Builds a {@link ProcessConfig}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private final WorkerId workerId;
        private Path stateDirectory;
        private ExecutionConfig execution;
        private ProcessFileConfig processFile = ProcessFileConfig.ofDefaults();
        private RestartConfig restart = RestartConfig.ofDefaults();
        private Duration gracefulTimeout = Duration.ofSeconds(30);
        private Signal stopSignal = Signal.TERM;

        private Builder(WorkerId workerId) {
            this.workerId = Checks.notNull(workerId, "workerId");
        }

        /** @throws IllegalArgumentException if {@code directory} is not absolute */
        public Builder stateDirectory(Path directory) {
            Checks.notNull(directory, "stateDirectory");
            Checks.argument(directory.isAbsolute(), "stateDirectory must be an absolute path, but was '%s'", directory);
            this.stateDirectory = directory.normalize();
            return this;
        }

        public Builder execution(ExecutionConfig execution) {
            this.execution = Checks.notNull(execution, "execution");
            return this;
        }

        public Builder processFile(ProcessFileConfig processFile) {
            this.processFile = Checks.notNull(processFile, "processFile");
            return this;
        }

        public Builder restart(RestartConfig restart) {
            this.restart = Checks.notNull(restart, "restart");
            return this;
        }

        /** @throws IllegalArgumentException if {@code timeout} is negative */
        public Builder gracefulTimeout(Duration timeout) {
            Checks.notNull(timeout, "gracefulTimeout");
            Checks.argument(!timeout.isNegative(), "gracefulTimeout must be >= 0, but was %s", Durations.format(timeout));
            this.gracefulTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException for signals that cannot stop a process (STOP, CONT, CHLD, ...) */
        public Builder stopSignal(Signal signal) {
            Checks.notNull(signal, "stopSignal");
            Checks.argument(signal == Signal.TERM || signal == Signal.INT || signal == Signal.QUIT || signal == Signal.HUP
                            || signal == Signal.USR1 || signal == Signal.USR2 || signal == Signal.KILL,
                    "stopSignal must be one of TERM, INT, QUIT, HUP, USR1, USR2, KILL, but was %s", signal.name());
            this.stopSignal = signal;
            return this;
        }

        /** @throws IllegalStateException if the state directory or the execution is missing */
        public ProcessConfig build() {
            Checks.state(stateDirectory != null, "stateDirectory must be set");
            Checks.state(execution != null, "execution must be set");
            return new ProcessConfig(this);
        }
    }
}
