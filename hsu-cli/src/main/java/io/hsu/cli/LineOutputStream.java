package io.hsu.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/** Bytes to a {@link PrintWriter}, one whole UTF-8 line at a time (so a character is never split). */
final class LineOutputStream extends OutputStream {
    private final PrintWriter out;
    private final ReentrantLock lock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineOutputStream(PrintWriter out, ReentrantLock lock) {
        this.out = out;
        this.lock = lock;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, start, i - start);
                    out.println(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(bytes, start, offset + length - start);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
