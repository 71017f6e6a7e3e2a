/**
 * POSIX bindings shared by every HSU module: signals, process groups, rlimits, the child subreaper
 * flag, pidfds, {@code waitid}, epoll, FIFOs and pipes, and process identity from {@code /proc}.
 *
 * <p>{@link io.hsu.core.posix.Posix#get()} is the entry point; it throws
 * {@link io.hsu.core.posix.PosixUnavailableException} on anything but Linux x86_64 and aarch64.
 * Failed calls throw {@link io.hsu.core.posix.PosixException}, which names the call and the errno.
 * {@link io.hsu.core.posix.Signal}, {@link io.hsu.core.posix.Errno} and
 * {@link io.hsu.core.posix.ProcessIdentity#parse} are pure Java and work everywhere.
 */
package io.hsu.core.posix;
