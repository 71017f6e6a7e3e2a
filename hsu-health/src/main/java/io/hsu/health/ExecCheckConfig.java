package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.util.List;

/**
 * An exec check: runs {@code command} with {@code args} in a process group of its own; healthy on
 * exit code 0. Its output (stdout and stderr together, the first few KiB) becomes the status
 * message. On timeout the whole process group is killed. The command is an absolute path or a
 * name looked up on {@code PATH}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param command the program to run
 * @param args its arguments
 */
public record ExecCheckConfig(String command, List<String> args) implements CheckConfig {
    /** @throws IllegalArgumentException if the command is blank */
    public ExecCheckConfig {
        Checks.notNull(command, "command");
        Checks.argument(!command.isBlank(), "command must not be blank");
        args = List.copyOf(Checks.notNull(args, "args"));
    }

    /** Same as the constructor. */
    public static ExecCheckConfig of(String command, String... args) {
        return new ExecCheckConfig(command, List.of(args));
    }

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public String describe() {
        return args.isEmpty() ? "exec " + command : "exec " + command + " " + String.join(" ", args);
    }
}
