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
        boolean json = args.length > 2 && args[2].equals("json");
        byte[] buf = new byte[length];
        for (long i = 0; i < count; i++) {
            if (json) {
                fillJson(buf, i);
            } else {
                fill(buf, i);
            }
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

    /** A JSON line of exactly {@code b.length} bytes: {"n":0000000042,"level":"info","msg":"abc..."}. */
    static void fillJson(byte[] b, long i) {
        byte[] head = String.format("{\"n\":%010d,\"level\":\"info\",\"msg\":\"", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        for (int k = head.length; k < b.length - 3; k++) {
            b[k] = (byte) ('a' + (i + k) % 26);
        }
        b[b.length - 3] = '"';
        b[b.length - 2] = '}';
        b[b.length - 1] = '\n';
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
