package io.hsu.logs;

import java.nio.file.Path;

/**
 * Follows a file like {@code tail -F}, from {@link LogPipeline#followFile}: a file that exists when
 * following starts is read from its end; after a rotation (another file at the path) or a
 * truncation it is read from its start; a missing file is waited for.
 *
 * <p>Thread-safe. Whoever started it closes it (closing reads what is left and flushes a partial line).
 */
public interface FileFollower extends AutoCloseable {
    Path path();

    long bytesRead();

    @Override
    void close();
}
