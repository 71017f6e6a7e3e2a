package io.hsu.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Fixture program: writes {@code count} lines of exactly {@code length} bytes (newline included)
 * to stdout as fast as it can. Line i is {@link #line(long, int)}. Prints nothing else.
 */
final class LineWriter {
    private LineWriter() {
    }

    public static void main(String[] args) throws IOException {
        long count = Long.parseLong(args[0]);
        int length = Integer.parseInt(args[1]);
        OutputStream out = new BufferedOutputStream(System.out, 64 * 1024);
        byte[] buf = new byte[length];
        for (long i = 0; i < count; i++) {
            fill(buf, i);
            out.write(buf);
        }
        out.flush();
    }

    /** Line {@code i}: a 10-digit number, a space, filler letters that depend on i, a newline. */
    static byte[] line(long i, int length) {
        byte[] b = new byte[length];
        fill(b, i);
        return b;
    }

    static void fill(byte[] b, long i) {
        long v = i;
        for (int k = 9; k >= 0; k--) {
            b[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        b[10] = ' ';
        for (int k = 11; k < b.length - 1; k++) {
            b[k] = (byte) ('a' + (i + k) % 26);
        }
        b[b.length - 1] = '\n';
    }
}
