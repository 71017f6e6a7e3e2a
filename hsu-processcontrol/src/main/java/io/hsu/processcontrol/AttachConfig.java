package io.hsu.processcontrol;

import io.hsu.core.Durations;
import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import io.hsu.core.posix.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to find and control an unmanaged worker (one HSU did not start): {@code discovery} (a PID file,
 * a regex on the process name or command line, the owner of a listening port, a child of a given
 * parent, a process of a user or with a working directory, or a systemd unit's main process) and
 * {@code control} ({@code can_terminate}, {@code can_restart}, {@code allowed_signals},
 * {@code graceful_timeout}). The process found is identified by its pid and start time, checked
 * again before every signal, so a recycled pid is never signalled; when it is gone it is looked for
 * again every {@link #checkInterval()}.
 *
 * <p>When several processes match, the one that started first (then the lowest pid) is chosen, so
 * the choice is the same on every look: the parent of a pre-fork server, not one of its workers.
 *
 * <pre>{@code
 * AttachConfig web = AttachConfig.port(id, 8080, AttachConfig.Protocol.TCP).canTerminate(true).build();
 * AttachConfig job = AttachConfig.user(id, "nobody").processName("sleep").build();
 * }</pre>
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
        CMDLINE,
        /**
         * The process holding a listening TCP socket (state LISTEN) or a bound UDP socket on a local
         * port, IPv4 or IPv6, in HSU's network namespace. Needs read access to the owner's
         * {@code /proc/<pid>/fd} (root, or the same user).
         */
        PORT,
        /** A child of a parent given by a PID file or a name regex, optionally narrowed by its own name. */
        PARENT,
        /** A process whose effective user is a user name or uid, optionally narrowed by name. */
        USER,
        /** A process whose working directory is an absolute path, optionally narrowed by name. */
        CWD,
        /** The main process of a systemd unit ({@code MainPID}, read through {@code systemctl}). */
        SERVICE_NAME
    }

    /** The transport of {@link Method#PORT}. */
    public enum Protocol {
        TCP,
        UDP
    }

    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");
    private static final Pattern USER_NAME = Pattern.compile("[^\\s:/]+");

    private final WorkerId workerId;
    private final Method method;
    private final Path pidFile;
    private final Pattern pattern;
    private final int port;
    private final Protocol protocol;
    private final Path parentPidFile;
    private final Pattern parentName;
    private final String user;
    private final Path cwd;
    private final String serviceName;
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
        port = b.port;
        protocol = b.protocol;
        parentPidFile = b.parentPidFile;
        parentName = b.parentName;
        user = b.user;
        cwd = b.cwd;
        serviceName = b.serviceName;
        checkInterval = b.checkInterval;
        canTerminate = b.canTerminate;
        canRestart = b.canRestart;
        allowedSignals = b.allowedSignals.isEmpty() ? Set.of() : Set.copyOf(b.allowedSignals);
        gracefulTimeout = b.gracefulTimeout;
    }

    /** Finds the process through the PID file at {@code pidFile} (absolute). */
    public static Builder pidFile(WorkerId workerId, Path pidFile) {
        Builder b = new Builder(workerId, Method.PID_FILE);
        b.pidFile = absolute(pidFile, "pidFile");
        return b;
    }

    /**
     * Finds the process whose name (or, for {@link Method#CMDLINE}, command line) matches {@code regex}.
     *
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a regular expression
     */
    public static Builder pattern(WorkerId workerId, Method method, String regex) {
        Checks.argument(method == Method.PROCESS_NAME || method == Method.CMDLINE,
                "method must be PROCESS_NAME or CMDLINE for a pattern, but was %s", method);
        Builder b = new Builder(workerId, method);
        Checks.notNull(regex, "regex");
        b.pattern = Pattern.compile(regex);
        return b;
    }

    /**
     * Finds the process that listens on {@code port} (TCP, state LISTEN) or is bound to it (UDP),
     * on any local IPv4 or IPv6 address. Processes sharing the socket (a pre-fork server and its
     * workers) resolve to the oldest, normally the parent.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    public static Builder port(WorkerId workerId, int port, Protocol protocol) {
        Builder b = new Builder(workerId, Method.PORT);
        Checks.argument(port >= 1 && port <= 65535, "port must be between 1 and 65535, but was %d", port);
        b.port = port;
        b.protocol = Checks.notNull(protocol, "protocol");
        return b;
    }

    /** Finds a child of the process named in the PID file {@code parentPidFile} (absolute). */
    public static Builder childOf(WorkerId workerId, Path parentPidFile) {
        Builder b = new Builder(workerId, Method.PARENT);
        b.parentPidFile = absolute(parentPidFile, "parentPidFile");
        return b;
    }

    /**
     * Finds a child of any process whose whole name ({@code /proc/<pid>/comm}) matches
     * {@code parentNameRegex}.
     *
     * @throws java.util.regex.PatternSyntaxException if {@code parentNameRegex} is not a regular expression
     */
    public static Builder childOfNamed(WorkerId workerId, String parentNameRegex) {
        Builder b = new Builder(workerId, Method.PARENT);
        b.parentName = Pattern.compile(Checks.notNull(parentNameRegex, "parentNameRegex"));
        return b;
    }

    /**
     * Finds a process whose effective user is {@code user}: a numeric uid, or a name looked up in
     * {@code /etc/passwd} when the process is looked for.
     *
     * @throws IllegalArgumentException if {@code user} is blank or holds blanks, ':' or '/'
     */
    public static Builder user(WorkerId workerId, String user) {
        Builder b = new Builder(workerId, Method.USER);
        Checks.notNull(user, "user");
        Checks.argument(USER_NAME.matcher(user).matches(), "user must be a user name or a numeric uid, but was '%s'", user);
        b.user = user;
        return b;
    }

    /**
     * Finds a process whose working directory is {@code directory} (absolute; a path through a
     * symbolic link also matches the directory it leads to).
     */
    public static Builder cwd(WorkerId workerId, Path directory) {
        Builder b = new Builder(workerId, Method.CWD);
        b.cwd = absolute(directory, "cwd");
        return b;
    }

    /**
     * Finds the main process of the systemd unit {@code unit} ({@code systemctl show -p MainPID}).
     * Needs a running systemd; not tested by HSU's CI, which has none.
     *
     * @throws IllegalArgumentException if {@code unit} is not a systemd unit name
     */
    public static Builder serviceName(WorkerId workerId, String unit) {
        Builder b = new Builder(workerId, Method.SERVICE_NAME);
        Checks.notNull(unit, "serviceName");
        Checks.argument(UNIT_NAME.matcher(unit).matches() && !unit.startsWith("-"),
                "serviceName must be a systemd unit name (letters, digits and :_.\\@-, not starting with -), but was '%s'",
                unit);
        b.serviceName = unit;
        return b;
    }

    private static Path absolute(Path path, String name) {
        Checks.notNull(path, name);
        Checks.argument(path.isAbsolute(), "%s must be an absolute path, but was '%s'", name, path);
        return path;
    }

    public Builder toBuilder() {
        Builder b = new Builder(workerId, method);
        b.pidFile = pidFile;
        b.pattern = pattern;
        b.port = port;
        b.protocol = protocol;
        b.parentPidFile = parentPidFile;
        b.parentName = parentName;
        b.user = user;
        b.cwd = cwd;
        b.serviceName = serviceName;
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

    /** The PID file of {@link Method#PID_FILE}. */
    public Optional<Path> pidFile() {
        return Optional.ofNullable(pidFile);
    }

    /**
     * The name or command-line regex of {@link Method#PROCESS_NAME} and {@link Method#CMDLINE}, or
     * the optional name that narrows {@link Method#PARENT}, {@link Method#USER} and {@link Method#CWD}
     * (it must match the whole {@code /proc/<pid>/comm}).
     */
    public Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** The port of {@link Method#PORT}. */
    public OptionalInt port() {
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The protocol of {@link Method#PORT}. */
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    /** The parent's PID file of {@link Method#PARENT}, when the parent is given that way. */
    public Optional<Path> parentPidFile() {
        return Optional.ofNullable(parentPidFile);
    }

    /** The parent's name regex of {@link Method#PARENT}, when the parent is given that way. */
    public Optional<Pattern> parentName() {
        return Optional.ofNullable(parentName);
    }

    /** The user name or uid of {@link Method#USER}. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The working directory of {@link Method#CWD}. */
    public Optional<Path> cwd() {
        return Optional.ofNullable(cwd);
    }

    /** The systemd unit of {@link Method#SERVICE_NAME}. */
    public Optional<String> serviceName() {
        return Optional.ofNullable(serviceName);
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

    /** What is looked for, as messages show it: {@code port 8080/tcp}, {@code PID file /run/x.pid}. */
    public String describeTarget() {
        String narrowed = pattern != null && (method == Method.PARENT || method == Method.USER || method == Method.CWD)
                ? " named '" + pattern.pattern() + "'" : "";
        switch (method) {
            case PID_FILE:
                return "PID file " + pidFile;
            case PROCESS_NAME:
                return "process name '" + pattern.pattern() + "'";
            case CMDLINE:
                return "command line '" + pattern.pattern() + "'";
            case PORT:
                return "port " + port + "/" + protocol.name().toLowerCase(Locale.ROOT);
            case PARENT:
                return "child" + narrowed + " of "
                        + (parentPidFile != null ? "the pid in " + parentPidFile : "a process named '" + parentName.pattern() + "'");
            case USER:
                return "process" + narrowed + " of user '" + user + "'";
            case CWD:
                return "process" + narrowed + " in " + cwd;
            case SERVICE_NAME:
                return "systemd unit '" + serviceName + "'";
            default:
                throw new AssertionError(method);
        }
    }

    @Override
    public String toString() {
        return "AttachConfig[" + workerId + ", " + method + " " + describeTarget()
                + ", terminate " + canTerminate + ", restart " + canRestart + "]";
    }

    /** Builds an {@link AttachConfig}. Not thread-safe. */
    public static final class Builder {
        private final WorkerId workerId;
        private final Method method;
        private Path pidFile;
        private Pattern pattern;
        private int port;
        private Protocol protocol;
        private Path parentPidFile;
        private Pattern parentName;
        private String user;
        private Path cwd;
        private String serviceName;
        private Duration checkInterval = Duration.ofSeconds(30);
        private boolean canTerminate;
        private boolean canRestart;
        private Set<Signal> allowedSignals = EnumSet.noneOf(Signal.class);
        private Duration gracefulTimeout = Duration.ofSeconds(30);

        private Builder(WorkerId workerId, Method method) {
            this.workerId = Checks.notNull(workerId, "workerId");
            this.method = method;
        }

        /**
         * Narrows {@link Method#PARENT}, {@link Method#USER} or {@link Method#CWD} to processes whose
         * whole name ({@code /proc/<pid>/comm}) matches {@code regex}.
         *
         * @throws IllegalStateException for another method
         * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a regular expression
         */
        public Builder processName(String regex) {
            Checks.notNull(regex, "processName");
            Checks.state(method == Method.PARENT || method == Method.USER || method == Method.CWD,
                    "processName narrows only PARENT, USER and CWD discovery, but the method is %s", method);
            this.pattern = Pattern.compile(regex);
            return this;
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
