package io.hsu.processcontrol;

import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link WorkerExtension} adds to the launch chain of each start: {@code prlimit} options
 * (such as {@code --nofile=1024:1024}) and {@code cgroup.procs} files the process joins before it
 * drops privileges. The chain is built only from what the config and extensions ask for, each step
 * ending in an exec, so the pid HSU starts is the worker's.
 *
 * <p>Immutable and thread-safe.
 *
 * @param prlimitOptions options for {@code prlimit}, each starting with {@code --}
 * @param cgroupProcsFiles {@code cgroup.procs} files to write the process's pid to
 */
public record LaunchContribution(List<String> prlimitOptions, List<Path> cgroupProcsFiles) {
    private static final LaunchContribution NONE = new LaunchContribution(List.of(), List.of());

    /**
     * @throws IllegalArgumentException if an option does not start with {@code --} or a file is not absolute
     */
    public LaunchContribution {
        prlimitOptions = List.copyOf(Checks.notNull(prlimitOptions, "prlimitOptions"));
        cgroupProcsFiles = List.copyOf(Checks.notNull(cgroupProcsFiles, "cgroupProcsFiles"));
        for (String option : prlimitOptions) {
            Checks.argument(option.startsWith("--") && option.length() > 2 && option.indexOf('\0') < 0,
                    "prlimit option must look like --nofile=64:64, but was '%s'", option);
        }
        for (Path file : cgroupProcsFiles) {
            Checks.argument(file.isAbsolute(), "cgroup.procs file must be an absolute path, but was '%s'", file);
        }
    }

    /** Nothing to add. */
    public static LaunchContribution none() {
        return NONE;
    }

    /** Both contributions together. */
    public LaunchContribution plus(LaunchContribution other) {
        if (other.equals(NONE)) {
            return this;
        }
        if (equals(NONE)) {
            return other;
        }
        List<String> options = new java.util.ArrayList<>(prlimitOptions);
        options.addAll(other.prlimitOptions);
        List<Path> files = new java.util.ArrayList<>(cgroupProcsFiles);
        files.addAll(other.cgroupProcsFiles);
        return new LaunchContribution(options, files);
    }
}
