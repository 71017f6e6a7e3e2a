package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ErrorKind;
import io.hsu.processcontrol.AttachFailedException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a systemd unit's {@code MainPID} by running {@code systemctl show -p LoadState -p MainPID -- <unit>}
 * (the one place discovery runs a command: systemd keeps the main pid in its own state, not in
 * {@code /proc}). {@code LoadState} tells a unit systemd does not know (a misspelled name), for which
 * it still answers {@code MainPID=0}, from one that is not running. Not tested against a real systemd: HSU's CI has none. Thread-safe; nothing to close.
 */
final class Systemctl implements ServiceManager {
    static final Systemctl SYSTEM = new Systemctl("systemctl", Duration.ofSeconds(5));
    private static final int MAX_SHOWN = 200;

    private final String executable;
    private final Duration timeout;

    /** @param executable a file name looked up on PATH, or a path */
    Systemctl(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    @Override
    public int mainPid(String unit) {
        List<String> command = List.of(executable, "show", "-p", "LoadState", "-p", "MainPID", "--", unit);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AttachFailedException(ErrorKind.PLATFORM, "service-name discovery needs systemd, but '"
                    + executable + "' cannot be run: " + e.getMessage());
        }
        String output;
        try {
            // systemctl prints two short lines, far below a pipe's capacity: it never blocks on
            // writing, so waiting before reading cannot deadlock.
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.SECONDS);
                throw new AttachFailedException(ErrorKind.PLATFORM, "'" + String.join(" ", command)
                        + "' did not answer within " + io.hsu.core.Durations.format(timeout) + "; killed it");
            }
            output = read(process.getInputStream());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AttachFailedException(ErrorKind.PLATFORM, "interrupted while asking systemd for unit '" + unit + "'");
        }
        if (process.exitValue() != 0) {
            throw new AttachFailedException(ErrorKind.PLATFORM, "service-name discovery needs systemd, but '"
                    + String.join(" ", command) + "' failed with exit " + process.exitValue()
                    + (output.isEmpty() ? "" : ": " + output));
        }
        String loadState = property(output, "LoadState");
        if (loadState != null && !loadState.equals("loaded")) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "systemd has no usable unit '" + unit + "' (LoadState="
                    + loadState + "); check the service_name");
        }
        try {
            int pid = Integer.parseInt(String.valueOf(property(output, "MainPID")));
            if (pid < 0) {
                throw new NumberFormatException();
            }
            return pid;
        } catch (NumberFormatException e) {
            throw new AttachFailedException(ErrorKind.PLATFORM, "'" + String.join(" ", command)
                    + "' printed '" + output + "', not a MainPID");
        }
    }

    /** The value of {@code name} in {@code output}'s {@code name=value} words, or null. */
    private static String property(String output, String name) {
        for (String word : output.split(" ")) {
            if (word.startsWith(name + "=")) {
                return word.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String read(InputStream in) {
        try (in) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace('\n', ' ');
            return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        } catch (IOException e) {
            return "";
        }
    }
}
