package io.hsu.processcontrol;

import io.hsu.core.Durations;
import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to run and how ({@code control.execution} in the YAML): the executable (an absolute path;
 * PATH is not searched), its arguments, the environment ({@code KEY=VALUE} entries appended to the
 * inherited environment, or alone when {@code inheritEnvironment} is false), the working directory
 * (default: the executable's directory), how long to drain output after exit, and, when HSU runs as
 * root, the user, group and umask.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExecutionConfig {
    private final Path executable;
    private final List<String> args;
    private final List<String> environment;
    private final boolean inheritEnvironment;
    private final Path workingDirectory;   // null: the executable's directory
    private final Duration waitDelay;
    private final String user;
    private final String group;
    private final Integer umask;

    private ExecutionConfig(Builder b) {
        executable = b.executable;
        args = List.copyOf(b.args);
        environment = List.copyOf(b.environment);
        inheritEnvironment = b.inheritEnvironment;
        workingDirectory = b.workingDirectory;
        waitDelay = b.waitDelay;
        user = b.user;
        group = b.group;
        umask = b.umask;
    }

    /** A builder for running {@code executable} (an absolute path). */
    public static Builder builder(Path executable) {
        return new Builder().executable(executable);
    }

    /** Shorthand: run {@code executable} with {@code args} and every default. */
    public static ExecutionConfig of(Path executable, String... args) {
        return builder(executable).args(List.of(args)).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.executable = executable;
        b.args = new ArrayList<>(args);
        b.environment = new ArrayList<>(environment);
        b.inheritEnvironment = inheritEnvironment;
        b.workingDirectory = workingDirectory;
        b.waitDelay = waitDelay;
        b.user = user;
        b.group = group;
        b.umask = umask;
        return b;
    }

    /** The absolute path of the program. */
    public Path executable() {
        return executable;
    }

    public List<String> args() {
        return args;
    }

    /** {@code KEY=VALUE} entries; a value may contain {@code =}. */
    public List<String> environment() {
        return environment;
    }

    public boolean inheritEnvironment() {
        return inheritEnvironment;
    }

    /** The configured working directory; empty means the executable's directory. */
    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /** The working directory the process gets. */
    public Path effectiveWorkingDirectory() {
        return workingDirectory != null ? workingDirectory
                : executable.getParent() != null ? executable.getParent() : Path.of("/");
    }

    /** How long output is still drained after the process exited. */
    public Duration waitDelay() {
        return waitDelay;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    /** The umask, 0 to 0777. */
    public OptionalInt umask() {
        return umask == null ? OptionalInt.empty() : OptionalInt.of(umask);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExecutionConfig)) {
            return false;
        }
        ExecutionConfig c = (ExecutionConfig) o;
        return executable.equals(c.executable) && args.equals(c.args) && environment.equals(c.environment)
                && inheritEnvironment == c.inheritEnvironment && Objects.equals(workingDirectory, c.workingDirectory)
                && waitDelay.equals(c.waitDelay) && Objects.equals(user, c.user) && Objects.equals(group, c.group)
                && Objects.equals(umask, c.umask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(executable, args, environment, inheritEnvironment, workingDirectory, user, group, umask);
    }

    /** Shows the variable names only: environment values may be secrets. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (String entry : environment) {
            names.add(entry.substring(0, entry.indexOf('=')) + "=...");
        }
        return "ExecutionConfig[" + executable + " " + args + ", env " + names + (inheritEnvironment ? " (+inherited)" : "")
                + ", dir " + effectiveWorkingDirectory() + (user != null ? ", user " + user : "")
                + (group != null ? ", group " + group : "")
                + (umask != null ? ", umask 0" + Integer.toOctalString(umask) : "") + "]";
    }

    /** Builds an {@link ExecutionConfig}. Not thread-safe; reusable after {@link #build()}. */
    public static final class Builder {
        private Path executable;
        private List<String> args = new ArrayList<>();
        private List<String> environment = new ArrayList<>();
        private boolean inheritEnvironment = true;
        private Path workingDirectory;
        private Duration waitDelay = Duration.ofSeconds(10);
        private String user;
        private String group;
        private Integer umask;

        private Builder() {
        }

        /** @throws IllegalArgumentException if {@code executable} is not absolute */
        public Builder executable(Path executable) {
            Checks.notNull(executable, "executable");
            Checks.argument(executable.isAbsolute(),
                    "executable must be an absolute path (PATH is not searched), but was '%s'", executable);
            this.executable = executable.normalize();
            return this;
        }

        /** @throws IllegalArgumentException if an argument contains a NUL character */
        public Builder args(List<String> args) {
            Checks.notNull(args, "args");
            List<String> copy = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = Checks.notNull(args.get(i), "args[" + i + "]");
                Checks.argument(arg.indexOf('\0') < 0, "args[%d] must not contain a NUL character", i);
                copy.add(arg);
            }
            this.args = copy;
            return this;
        }

        public Builder args(String... args) {
            return args(List.of(args));
        }

        /**
         * {@code KEY=VALUE} entries; the value may contain {@code =}.
         *
         * @throws IllegalArgumentException if an entry has no {@code =}, an empty key, or a NUL character
         */
        public Builder environment(List<String> entries) {
            Checks.notNull(entries, "environment");
            List<String> copy = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                String entry = Checks.notNull(entries.get(i), "environment[" + i + "]");
                int eq = entry.indexOf('=');
                Checks.argument(eq > 0, "environment[%d] must be KEY=VALUE, but was '%s'", i,
                        eq < 0 ? entry : entry.substring(0, eq + 1) + "...");
                Checks.argument(entry.indexOf('\0') < 0, "environment[%d] must not contain a NUL character", i);
                copy.add(entry);
            }
            this.environment = copy;
            return this;
        }

        public Builder inheritEnvironment(boolean inherit) {
            this.inheritEnvironment = inherit;
            return this;
        }

        /** @throws IllegalArgumentException if {@code directory} is not absolute */
        public Builder workingDirectory(Path directory) {
            if (directory != null) {
                Checks.argument(directory.isAbsolute(), "workingDirectory must be an absolute path, but was '%s'",
                        directory);
            }
            this.workingDirectory = directory == null ? null : directory.normalize();
            return this;
        }

        public Builder waitDelay(Duration waitDelay) {
            Checks.notNull(waitDelay, "waitDelay");
            Checks.argument(!waitDelay.isNegative(), "waitDelay must be >= 0, but was %s", Durations.format(waitDelay));
            this.waitDelay = waitDelay;
            return this;
        }

        /** A user name or numeric uid; needs root. Null clears it. */
        public Builder user(String user) {
            Checks.argument(user == null || !user.isBlank(), "user must not be blank");
            this.user = user == null ? null : user.strip();
            return this;
        }

        /** A group name or numeric gid; needs root. Null clears it. */
        public Builder group(String group) {
            Checks.argument(group == null || !group.isBlank(), "group must not be blank");
            this.group = group == null ? null : group.strip();
            return this;
        }

        /** @throws IllegalArgumentException if {@code umask} is outside 0..0777 */
        public Builder umask(int umask) {
            Checks.argument(umask >= 0 && umask <= 0777, "umask must be between 0 and 0777, but was 0%s",
                    Integer.toOctalString(umask));
            this.umask = umask;
            return this;
        }

        /** @throws IllegalStateException if no executable was set */
        public ExecutionConfig build() {
            Checks.state(executable != null, "executable must be set");
            return new ExecutionConfig(this);
        }
    }
}
