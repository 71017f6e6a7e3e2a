package io.hsu.core.posix;

/**
 * The two descriptors {@link Posix#pipe2(int)} created. The caller owns both and closes each with
 * {@link Posix#close(int)}.
 *
 * @param readFd the read end
 * @param writeFd the write end
 */
public record Pipe(int readFd, int writeFd) {
}
