package io.hsu.master.config;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One worker of the config ({@code workers[]}), validated.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(WorkerId, WorkerType)}; the YAML
 * reader ({@link HsuConfig#load}) builds them from a file.
 */
public final class WorkerConfig {
    private final WorkerId id;
    private final WorkerType type;
    private final ProfileType profileType;
    private final boolean enabled;
    private final List<Dependency> dependsOn;
    private final String name;
    private final String description;
    private final Optional<ExecutionConfig> execution;
    private final RestartSettings restart;
    private final Duration gracefulTimeout;
    private final Signal stopSignal;
    private final ProbesConfig probes;
    private final LimitsConfig limits;
    private final WorkerLogConfig log;
    private final Optional<DiscoveryConfig> discovery;
    private final Optional<UnmanagedControl> unmanagedControl;
    private final List<Path> logFiles;

    private WorkerConfig(Builder b) {
        id = b.id;
        type = b.type;
        profileType = b.profileType;
        enabled = b.enabled;
        dependsOn = List.copyOf(b.dependsOn);
        name = b.name == null ? b.id.value() : b.name;
        description = b.description;
        execution = Optional.ofNullable(b.execution);
        restart = b.restart;
        gracefulTimeout = b.gracefulTimeout;
        stopSignal = b.stopSignal;
        probes = b.probes;
        limits = b.limits;
        log = b.log;
        discovery = Optional.ofNullable(b.discovery);
        unmanagedControl = Optional.ofNullable(b.unmanagedControl);
        logFiles = List.copyOf(b.logFiles);
    }

    /** A builder for a worker of this id and kind. */
    public static Builder builder(WorkerId id, WorkerType type) {
        return new Builder(id, type);
    }

    /** A managed worker running {@code executable args...} with every other setting defaulted. */
    public static WorkerConfig managed(String id, Path executable, String... args) {
        return builder(WorkerId.of(id), WorkerType.MANAGED).execution(ExecutionConfig.of(executable, args)).build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder(id, type);
        b.profileType = profileType;
        b.enabled = enabled;
        b.dependsOn = new ArrayList<>(dependsOn);
        b.name = name;
        b.description = description;
        b.execution = execution.orElse(null);
        b.restart = restart;
        b.gracefulTimeout = gracefulTimeout;
        b.stopSignal = stopSignal;
        b.probes = probes;
        b.limits = limits;
        b.log = log;
        b.discovery = discovery.orElse(null);
        b.unmanagedControl = unmanagedControl.orElse(null);
        b.logFiles = new ArrayList<>(logFiles);
        return b;
    }

    public WorkerId id() { return id; }
    public WorkerType type() { return type; }
    public ProfileType profileType() { return profileType; }
    /** False: validated, never started. */
    public boolean enabled() { return enabled; }
    public List<Dependency> dependsOn() { return dependsOn; }
    /** {@code metadata.name}, or the id when none was given. */
    public String name() { return name; }
    public String description() { return description; }
    /** How to launch it; present for managed and integrated workers. */
    public Optional<ExecutionConfig> execution() { return execution; }
    public RestartSettings restart() { return restart; }
    /** Stop signal, wait this long, then SIGKILL of the whole tree. */
    public Duration gracefulTimeout() { return gracefulTimeout; }
    public Signal stopSignal() { return stopSignal; }
    public ProbesConfig probes() { return probes; }
    public LimitsConfig limits() { return limits; }
    public WorkerLogConfig log() { return log; }
    /** How to find it; present for unmanaged workers. */
    public Optional<DiscoveryConfig> discovery() { return discovery; }
    /** What may be done to it; present for unmanaged workers. */
    public Optional<UnmanagedControl> unmanagedControl() { return unmanagedControl; }
    /** Log files of an unmanaged worker, followed like {@code tail -F}. */
    public List<Path> logFiles() { return logFiles; }

    @Override
    public String toString() {
        return "WorkerConfig[" + id + ", " + type.yamlName() + (enabled ? "" : ", disabled") + "]";
    }

    /** Builds a {@link WorkerConfig}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private final WorkerId id;
        private final WorkerType type;
        private ProfileType profileType = ProfileType.DEFAULT;
        private boolean enabled = true;
        private List<Dependency> dependsOn = new ArrayList<>();
        private String name;
        private String description = "";
        private ExecutionConfig execution;
        private RestartSettings restart = RestartSettings.DEFAULTS;
        private Duration gracefulTimeout = Duration.ofSeconds(30);
        private Signal stopSignal = Signal.TERM;
        private ProbesConfig probes = ProbesConfig.NONE;
        private LimitsConfig limits = LimitsConfig.NONE;
        private WorkerLogConfig log = WorkerLogConfig.DEFAULTS;
        private DiscoveryConfig discovery;
        private UnmanagedControl unmanagedControl;
        private List<Path> logFiles = new ArrayList<>();

        private Builder(WorkerId id, WorkerType type) {
            this.id = Checks.notNull(id, "id");
            this.type = Checks.notNull(type, "type");
        }

        public Builder profileType(ProfileType value) { profileType = Checks.notNull(value, "profileType"); return this; }
        public Builder enabled(boolean value) { enabled = value; return this; }
        public Builder dependsOn(List<Dependency> value) { dependsOn = new ArrayList<>(Checks.notNull(value, "dependsOn")); return this; }
        public Builder name(String value) { name = Checks.notNull(value, "name"); return this; }
        public Builder description(String value) { description = Checks.notNull(value, "description"); return this; }
        public Builder execution(ExecutionConfig value) { execution = Checks.notNull(value, "execution"); return this; }
        public Builder restart(RestartSettings value) { restart = Checks.notNull(value, "restart"); return this; }
        public Builder stopSignal(Signal value) { stopSignal = Checks.notNull(value, "stopSignal"); return this; }
        public Builder probes(ProbesConfig value) { probes = Checks.notNull(value, "probes"); return this; }
        public Builder limits(LimitsConfig value) { limits = Checks.notNull(value, "limits"); return this; }
        public Builder log(WorkerLogConfig value) { log = Checks.notNull(value, "log"); return this; }
        public Builder discovery(DiscoveryConfig value) { discovery = Checks.notNull(value, "discovery"); return this; }
        public Builder unmanagedControl(UnmanagedControl value) { unmanagedControl = Checks.notNull(value, "unmanagedControl"); return this; }
        public Builder logFiles(List<Path> value) { logFiles = new ArrayList<>(Checks.notNull(value, "logFiles")); return this; }

        /** @throws IllegalArgumentException if the timeout is negative */
        public Builder gracefulTimeout(Duration value) {
            Checks.argument(!Checks.notNull(value, "gracefulTimeout").isNegative(), "gracefulTimeout must be >= 0, but was %s", value);
            gracefulTimeout = value;
            return this;
        }

        /**
         * @throws IllegalStateException if a managed or integrated worker has no execution, an
         *     unmanaged one has no discovery, or the worker depends on itself
         */
        public WorkerConfig build() {
            if (type == WorkerType.UNMANAGED) {
                Checks.state(discovery != null, "worker '%s': an unmanaged worker needs discovery", id);
            } else {
                Checks.state(execution != null, "worker '%s': a %s worker needs execution", id, type.yamlName());
            }
            for (Dependency d : dependsOn) {
                Checks.state(!d.worker().equals(id), "worker '%s' must not depend on itself", id);
            }
            return new WorkerConfig(this);
        }
    }
}
