package io.hsu.core.config;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/** Refuses to read more than the allowed number of characters, so a huge file never fills the heap. */
final class LimitedReader extends FilterReader {
    private final int maxCharacters;
    private long read;

    LimitedReader(Reader in, int maxCharacters) {
        super(in);
        this.maxCharacters = maxCharacters;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > maxCharacters) {
            throw new YamlLimitExceeded("the document is longer than " + maxCharacters + " characters", null);
        }
    }
}
