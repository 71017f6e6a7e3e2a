package io.hsu.core.posix;

import io.hsu.core.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who a pid is right now, from {@code /proc/<pid>/stat}: its start time (field 22, in clock ticks
 * since boot) tells a process apart from a later one that got the same pid, so a caller that
 * remembered {@link #startTimeTicks()} can check it before signalling a pid it did not spawn.
 * Pure Java; {@link #parse} works on any platform, {@link #read} needs a Linux {@code /proc}.
 *
 * <pre>{@code
 * ProcessIdentity first = ProcessIdentity.read(pid).orElseThrow();
 * // ... later ...
 * if (ProcessIdentity.isStillRunning(pid, first.startTimeTicks())) posix.kill(pid, Signal.TERM);
 * }</pre>
 *
 * <p>Immutable and thread-safe. (A check and a later signal still race with the process's exit;
 * the window is tiny but a pidfd closes it completely.)
 *
 * @param pid the process id (field 1)
 * @param command the command name without the parentheses (field 2, at most 15 bytes, may contain
 *     blanks and parentheses)
 * @param state the state letter (field 3): R running, S sleeping, D disk wait, Z zombie, T stopped, ...
 * @param parentPid the parent's pid (field 4)
 * @param processGroup the process group id (field 5)
 * @param session the session id (field 6)
 * @param startTimeTicks when the process started, in clock ticks ({@code USER_HZ}, 100 per second
 *     on Linux) since boot (field 22)
 */
public record ProcessIdentity(int pid, String command, char state, int parentPid, int processGroup, int session,
                              long startTimeTicks) {
    private static final int STATE_INDEX = 0;          // field 3 is the first token after ')'
    private static final int START_TIME_INDEX = 22 - 3;

    /**
     * Parses one line of {@code /proc/<pid>/stat}. The command field ends at the last {@code ')'}
     * because the command itself may contain blanks and parentheses.
     *
     * @throws IllegalArgumentException if the line does not have that shape, with the reason and the line
     */
    public static ProcessIdentity parse(String statLine) {
        if (statLine == null) {
            throw new IllegalArgumentException("cannot parse /proc/<pid>/stat line: it is null");
        }
        String line = statLine.strip();
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw invalid(statLine, "no '<pid> (<command>)' at the start");
        }
        String[] rest = line.substring(close + 1).strip().split(" +");
        if (rest.length <= START_TIME_INDEX) {
            throw invalid(statLine, "expected at least 22 fields, but found " + (rest.length + 2));
        }
        if (rest[STATE_INDEX].length() != 1) {
            throw invalid(statLine, "field 3 (state) must be one letter, but was '" + rest[STATE_INDEX] + "'");
        }
        return new ProcessIdentity(
                (int) number(statLine, 1, line.substring(0, open)),
                line.substring(open + 2, close),
                rest[STATE_INDEX].charAt(0),
                (int) number(statLine, 4, rest[1]),
                (int) number(statLine, 5, rest[2]),
                (int) number(statLine, 6, rest[3]),
                number(statLine, 22, rest[START_TIME_INDEX]));
    }

    /**
     * Reads {@code /proc/<pid>/stat}.
     *
     * @return empty if no process has this pid (anymore)
     * @throws PosixException of kind IO if {@code /proc} cannot be read for another reason
     * @throws IllegalArgumentException if {@code pid <= 0}
     */
    public static Optional<ProcessIdentity> read(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, but was " + pid);
        }
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(stat);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No such process")) {   // it exited while we read
                return Optional.empty();
            }
            throw new PosixException(ErrorKind.IO, "read " + stat, String.valueOf(e.getMessage()), e);
        }
        // Malformed UTF-8 in the command is replaced, never fatal.
        return Optional.of(parse(new String(bytes, StandardCharsets.UTF_8)));
    }

    /**
     * Whether {@code pid} still names the process that started at {@code startTimeTicks} and has not
     * exited (a zombie counts as exited). False for a recycled pid.
     */
    public static boolean isStillRunning(int pid, long startTimeTicks) {
        return read(pid).filter(p -> p.startTimeTicks == startTimeTicks && !p.isZombie()).isPresent();
    }

    /** Whether both describe the same process: same pid and same start time. */
    public boolean isSameProcessAs(ProcessIdentity other) {
        return other.pid == pid && other.startTimeTicks == startTimeTicks;
    }

    /** Whether the process has exited and waits to be reaped (state Z, or X while it is being removed). */
    public boolean isZombie() {
        return state == 'Z' || state == 'X';
    }

    /** Whether the process leads its own process group. */
    public boolean isGroupLeader() {
        return processGroup == pid;
    }

    private static long number(String line, int field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(line, "field " + field + " must be a number, but was '" + text + "'");
        }
    }

    private static IllegalArgumentException invalid(String line, String reason) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new IllegalArgumentException("cannot parse /proc/<pid>/stat line: " + reason + ": " + shown.strip());
    }
}
