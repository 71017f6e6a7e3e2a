package io.hsu.resources.internal.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Small, allocation-light readers of {@code /proc} text: whole files into a reused buffer, and
 * numbers parsed straight from the bytes (no regex, no String per field).
 */
final class ProcFiles {
    private ProcFiles() {}

    /** A reusable read buffer that grows when a file does not fit. Not thread-safe: one per thread. */
    static final class Buffer {
        byte[] bytes = new byte[4096];
        int length;

        /** Reads {@code path} whole; false if it cannot be opened or read (the process is gone). */
        boolean read(String path) {
            length = 0;
            try (FileInputStream in = new FileInputStream(path)) {
                while (true) {
                    int n = in.read(bytes, length, bytes.length - length);
                    if (n < 0) {
                        return true;
                    }
                    length += n;
                    if (length == bytes.length) {
                        bytes = Arrays.copyOf(bytes, bytes.length * 2);
                    }
                }
            } catch (IOException e) {
                length = 0;
                return false;
            }
        }

        /** Index just after the line starting with {@code key}, or -1. {@code key} is ASCII. */
        int afterKey(String key) {
            int k = key.length();
            int i = 0;
            while (i + k <= length) {
                boolean match = true;
                for (int j = 0; j < k; j++) {
                    if (bytes[i + j] != key.charAt(j)) {
                        match = false;
                        break;
                    }
                }
                if (match) {
                    return i + k;
                }
                while (i < length && bytes[i] != '\n') {
                    i++;
                }
                i++;
            }
            return -1;
        }

        /** The first unsigned decimal number at or after {@code from} (skipping spaces), or -1. */
        long numberAt(int from) {
            if (from < 0) {
                return -1;
            }
            int i = from;
            while (i < length && (bytes[i] == ' ' || bytes[i] == '\t')) {
                i++;
            }
            if (i >= length || bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            long value = 0;
            while (i < length && bytes[i] >= '0' && bytes[i] <= '9') {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            return value;
        }

        /** Index of the last {@code b} in the content, or -1. */
        int lastIndexOf(byte b) {
            for (int i = length - 1; i >= 0; i--) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
