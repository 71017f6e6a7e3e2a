package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ErrorKind;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.processcontrol.AttachConfig;
import io.hsu.processcontrol.AttachFailedException;
import io.hsu.processcontrol.internal.PidFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an unmanaged worker's process as its {@link AttachConfig} says, with its start time. */
public final class Discovery {
    private Discovery() {
    }

    /**
     * What was found.
     *
     * @param pid the process
     * @param startTicks its start time, to verify before every signal
     * @param source where it was found, for messages ("PID file /run/x.pid")
     */
    public record Found(int pid, long startTicks, String source) {
    }

    /**
     * @throws AttachFailedException if nothing is found: PID file missing, empty, garbage, dead pid,
     *     recycled pid, or no process matching the pattern
     */
    public static Found find(AttachConfig config) {
        String worker = "worker '" + config.workerId() + "': ";
        if (config.method() == AttachConfig.Method.PID_FILE) {
            Path file = config.pidFile().orElseThrow();
            PidFiles.Content content;
            try {
                content = PidFiles.read(file);
            } catch (AttachFailedException e) {
                throw new AttachFailedException(e.kind(), worker + e.getMessage());
            }
            Optional<ProcessIdentity> p = ProcessIdentity.read(content.pid());
            if (p.isEmpty() || p.get().isZombie()) {
                throw new AttachFailedException(ErrorKind.NOT_FOUND, worker + "pid " + content.pid() + " from PID file "
                        + file + " is not running");
            }
            if (content.startTicks().isPresent() && content.startTicks().getAsLong() != p.get().startTimeTicks()) {
                throw new AttachFailedException(ErrorKind.CONFLICT, worker + "pid " + content.pid() + " from PID file "
                        + file + " now belongs to another process (started at tick " + p.get().startTimeTicks()
                        + ", the file says " + content.startTicks().getAsLong() + "); the pid was recycled, refusing to touch it");
            }
            return new Found(content.pid(), p.get().startTimeTicks(), "PID file " + file);
        }
        int self = (int) ProcessHandle.current().pid();
        ProcessIdentity best = null;
        for (ProcessIdentity p : ProcessTable.scan().all()) {
            if (p.pid() == self || p.isZombie() || p.parentPid() == 2 || p.pid() == 2) {
                continue;
            }
            String subject = config.method() == AttachConfig.Method.PROCESS_NAME ? comm(p) : cmdline(p.pid());
            if (subject != null && matches(config, subject)
                    && (best == null || p.startTimeTicks() < best.startTimeTicks())) {
                best = p;
            }
        }
        if (best == null) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, worker + "no process "
                    + (config.method() == AttachConfig.Method.PROCESS_NAME ? "named" : "with a command line matching")
                    + " '" + config.pattern().orElseThrow().pattern() + "'");
        }
        return new Found(best.pid(), best.startTimeTicks(), (config.method() == AttachConfig.Method.PROCESS_NAME
                ? "process name '" : "command line '") + config.pattern().orElseThrow().pattern() + "'");
    }

    private static boolean matches(AttachConfig config, String subject) {
        return config.method() == AttachConfig.Method.PROCESS_NAME
                ? config.pattern().orElseThrow().matcher(subject).matches()
                : config.pattern().orElseThrow().matcher(subject).find();
    }

    private static String comm(ProcessIdentity p) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(p.pid()), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return p.command();
        }
    }

    private static String cmdline(int pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return null;
        }
    }
}
