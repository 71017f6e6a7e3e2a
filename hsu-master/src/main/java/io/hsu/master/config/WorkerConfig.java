package io.hsu.master.config;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.health.HealthConfig;
import io.hsu.health.RunOptions;
import io.hsu.processcontrol.AttachConfig;
import io.hsu.processcontrol.ExecutionConfig;
import io.hsu.processcontrol.ProcessConfig;
import io.hsu.processcontrol.RestartMode;
import io.hsu.resources.ResourceLimits;
import io.hsu.resources.ViolationWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One worker of the config ({@code workers[]}), validated: the master's own fields (id, kind,
 * profile, dependencies) and the configs of the modules that run it: hsu-processcontrol's
 * {@link ProcessConfig} (managed, integrated) or {@link AttachConfig} (unmanaged), hsu-health's
 * {@link HealthConfig}, hsu-resources' {@link ResourceLimits}. Output settings live in
 * {@link HsuConfig#logCollection()}.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(WorkerId, WorkerType)}; the YAML
 * reader ({@link HsuConfig#load}) builds them from a file. The master replaces the process
 * config's state directory with its own.
 */
public final class WorkerConfig {
    /** The state directory a config gets before a master gives it its own. */
    static final Path UNSET_STATE_DIRECTORY = Path.of("/run/hsu");

    private final WorkerId id;
    private final WorkerType type;
    private final ProfileType profileType;
    private final boolean enabled;
    private final List<Dependency> dependsOn;
    private final String name;
    private final String description;
    private final Optional<ProcessConfig> process;
    private final Optional<AttachConfig> attach;
    private final HealthConfig health;
    private final ResourceLimits limits;
    private final List<Path> logFiles;
    private final Optional<RunOptions> grpcHealth;
    private final ViolationWindows violationWindows;

    private WorkerConfig(Builder b) {
        id = b.id;
        type = b.type;
        profileType = b.profileType;
        enabled = b.enabled;
        dependsOn = List.copyOf(b.dependsOn);
        name = b.name == null ? b.id.value() : b.name;
        description = b.description;
        process = Optional.ofNullable(b.process);
        attach = Optional.ofNullable(b.attach);
        health = b.health;
        limits = b.limits;
        logFiles = List.copyOf(b.logFiles);
        grpcHealth = Optional.ofNullable(b.grpcHealth);
        violationWindows = b.violationWindows;
    }

    /** A builder for a worker of this id and kind. */
    public static Builder builder(WorkerId id, WorkerType type) {
        return new Builder(id, type);
    }

    /** A managed worker running {@code executable args...} with every other setting defaulted. */
    public static WorkerConfig managed(String id, Path executable, String... args) {
        WorkerId workerId = WorkerId.of(id);
        return builder(workerId, WorkerType.MANAGED).process(ProcessConfig.builder(workerId)
                .stateDirectory(UNSET_STATE_DIRECTORY).execution(ExecutionConfig.of(executable, args)).build()).build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder(id, type);
        b.profileType = profileType;
        b.enabled = enabled;
        b.dependsOn = new ArrayList<>(dependsOn);
        b.name = name;
        b.description = description;
        b.process = process.orElse(null);
        b.attach = attach.orElse(null);
        b.health = health;
        b.limits = limits;
        b.logFiles = new ArrayList<>(logFiles);
        b.grpcHealth = grpcHealth.orElse(null);
        b.violationWindows = violationWindows;
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
    /** How to launch, stop and restart it; present for managed and integrated workers. */
    public Optional<ProcessConfig> process() { return process; }
    /** How to find and control it; present for unmanaged workers. */
    public Optional<AttachConfig> attach() { return attach; }
    /** Its probes ({@link HealthConfig#none()} when it has none). */
    public HealthConfig health() { return health; }
    /** Its resource limits ({@link ResourceLimits#NONE} when it has none). */
    public ResourceLimits limits() { return limits; }
    /** Log files of an unmanaged worker, followed like {@code tail -F}. */
    public List<Path> logFiles() { return logFiles; }

    /**
     * An integrated worker's grpc.health.v1 liveness check timing ({@code health_check_run_options});
     * the master adds the check once it has chosen the worker's port.
     */
    public Optional<RunOptions> grpcHealth() { return grpcHealth; }

    /** How long a limit must be exceeded before its policy acts ({@code context_aware_restart}). */
    public ViolationWindows violationWindows() { return violationWindows; }

    /** The restart policy: the process config's, or {@code never} for an unmanaged worker. */
    public RestartMode restartMode() {
        return process.map(p -> p.restart().mode()).orElse(RestartMode.NEVER);
    }

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
        private ProcessConfig process;
        private AttachConfig attach;
        private HealthConfig health = HealthConfig.none();
        private ResourceLimits limits = ResourceLimits.NONE;
        private List<Path> logFiles = new ArrayList<>();
        private RunOptions grpcHealth;
        private ViolationWindows violationWindows = ViolationWindows.DEFAULT;

        private Builder(WorkerId id, WorkerType type) {
            this.id = Checks.notNull(id, "id");
            this.type = Checks.notNull(type, "type");
        }

        public Builder profileType(ProfileType value) { profileType = Checks.notNull(value, "profileType"); return this; }
        public Builder enabled(boolean value) { enabled = value; return this; }
        public Builder dependsOn(List<Dependency> value) { dependsOn = new ArrayList<>(Checks.notNull(value, "dependsOn")); return this; }
        public Builder name(String value) { name = Checks.notNull(value, "name"); return this; }
        public Builder description(String value) { description = Checks.notNull(value, "description"); return this; }
        public Builder process(ProcessConfig value) { process = Checks.notNull(value, "process"); return this; }
        public Builder attach(AttachConfig value) { attach = Checks.notNull(value, "attach"); return this; }
        public Builder health(HealthConfig value) { health = Checks.notNull(value, "health"); return this; }
        public Builder limits(ResourceLimits value) { limits = Checks.notNull(value, "limits"); return this; }
        public Builder logFiles(List<Path> value) { logFiles = new ArrayList<>(Checks.notNull(value, "logFiles")); return this; }
        public Builder grpcHealth(RunOptions value) { grpcHealth = Checks.notNull(value, "grpcHealth"); return this; }
        public Builder violationWindows(ViolationWindows value) { violationWindows = Checks.notNull(value, "violationWindows"); return this; }

        /**
         * @throws IllegalStateException if a managed or integrated worker has no process config, an
         *     unmanaged one has no attach config, an id does not match, or the worker depends on itself
         */
        public WorkerConfig build() {
            if (type == WorkerType.UNMANAGED) {
                Checks.state(attach != null, "worker '%s': an unmanaged worker needs discovery (an attach config)", id);
                Checks.state(attach.workerId().equals(id), "worker '%s': the attach config is for '%s'", id, attach.workerId());
            } else {
                Checks.state(process != null, "worker '%s': a %s worker needs a process config", id, type.yamlName());
                Checks.state(process.workerId().equals(id), "worker '%s': the process config is for '%s'", id, process.workerId());
            }
            for (Dependency d : dependsOn) {
                Checks.state(!d.worker().equals(id), "worker '%s' must not depend on itself", id);
            }
            return new WorkerConfig(this);
        }
    }
}
