package io.hsu.processcontrol.internal;

import io.hsu.core.ErrorKind;
import io.hsu.processcontrol.AttachFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * PID files: the pid on the first line and, in files HSU writes, the start time in clock ticks on
 * the second. Written atomically (a temp file in the same directory, then rename), so a reader
 * never sees half a file.
 */
public final class PidFiles {
    private PidFiles() {
    }

    /**
     * What a PID file says.
     *
     * @param pid the pid
     * @param startTicks the start time HSU recorded, if the file has one
     */
    public record Content(int pid, OptionalLong startTicks) {
    }

    /** Writes {@code pid} and {@code startTicks} to {@code file} atomically, creating the directory. */
    public static void write(Path file, int pid, long startTicks) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.writeString(temp, pid + "\n" + startTicks + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PID file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code file} if it exists. */
    public static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove PID file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws AttachFailedException (NOT_FOUND) if it is missing, unreadable, empty, or does not start with a pid
     */
    public static Content read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "PID file " + file + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "cannot read PID file " + file + ": " + e.getMessage());
        }
        String[] lines = text.strip().split("\\R");
        String first = lines[0].strip();
        if (first.isEmpty()) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "PID file " + file + " is empty");
        }
        int pid;
        try {
            pid = Integer.parseInt(first);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 1) {
            String shown = first.length() > 40 ? first.substring(0, 40) + "..." : first;
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "PID file " + file
                    + " must start with a process id > 1, but starts with '" + shown + "'");
        }
        OptionalLong start = OptionalLong.empty();
        if (lines.length > 1) {
            try {
                start = OptionalLong.of(Long.parseLong(lines[1].strip()));
            } catch (NumberFormatException e) {
                // a second line HSU did not write: ignore it
            }
        }
        return new Content(pid, start);
    }
}
