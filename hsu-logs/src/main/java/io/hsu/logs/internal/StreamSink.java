package io.hsu.logs.internal;

import java.io.IOException;
import java.io.OutputStream;

/** Writes formatted batches to a stream of the master (stdout, stderr, master_stdout). */
final class StreamSink implements Sink {
    private final OutputStream out;
    private final Formatter formatter;
    private final int[] length = new int[1];

    StreamSink(OutputStream out, Formatter formatter) {
        this.out = out;
        this.formatter = formatter;
    }

    @Override
    public void write(LogBatch batch) throws IOException {
        byte[] bytes = formatter.format(batch, length);
        out.write(bytes, 0, length[0]);
        out.flush();
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            // the master's own stream is gone; nothing to report to
        }
    }
}
