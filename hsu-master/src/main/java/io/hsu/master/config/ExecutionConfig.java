package io.hsu.master.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to launch a managed or integrated worker ({@code control.execution}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param executable absolute path of the program (PATH is not searched)
 * @param args its arguments
 * @param environment {@code KEY=value} entries added to (or, without inheritance, making up) the environment
 * @param inheritEnvironment whether the master's environment is passed on
 * @param workingDirectory where the program runs (default: the executable's directory)
 * @param waitDelay how long output is drained after the process exits
 * @param user the user to run as (needs root), if any
 * @param group the group to run as, if any
 * @param umask the umask as octal text, if any
 */
public record ExecutionConfig(Path executable, List<String> args, List<String> environment, boolean inheritEnvironment,
                              Path workingDirectory, Duration waitDelay, Optional<String> user, Optional<String> group,
                              Optional<String> umask) {
    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the executable path is relative
     */
    public ExecutionConfig {
        Objects.requireNonNull(executable, "executable must not be null");
        if (!executable.isAbsolute()) {
            throw new IllegalArgumentException("executable must be an absolute path, but was " + executable);
        }
        args = List.copyOf(args);
        environment = List.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
        Objects.requireNonNull(waitDelay, "waitDelay must not be null");
        Objects.requireNonNull(user, "user must not be null");
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(umask, "umask must not be null");
    }

    /** A config running {@code executable} with {@code args} in the executable's directory, other fields defaulted. */
    public static ExecutionConfig of(Path executable, String... args) {
        Path dir = executable.getParent() == null ? executable : executable.getParent();
        return new ExecutionConfig(executable, List.of(args), List.of(), true, dir, Duration.ofSeconds(10),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
