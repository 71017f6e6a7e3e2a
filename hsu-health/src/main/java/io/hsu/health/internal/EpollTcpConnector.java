package io.hsu.health.internal;

import io.hsu.core.internal.Threads;
import io.hsu.core.posix.Epoll;
import io.hsu.core.posix.Errno;
import io.hsu.core.posix.PosixException;
import io.hsu.core.posix.Sockets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@link TcpConnector}: sockets are plain descriptors driven by system calls
 * ({@link Sockets}), and the connect runs on the caller's thread (the scheduler's, for a probe
 * runner). On loopback the kernel finishes the handshake inside {@code connect()}, so such a check
 * opens, connects, resets and reports without any hand-off. Only a connect still in progress, or an
 * attempt waiting for its address, goes to the one daemon thread that watches them with an
 * {@link Epoll} and a deadline queue.
 *
 * <p>A socket whose connect ended on the caller's thread is disconnected with a reset and kept for
 * the next check ({@link IdleSockets}, a few per address family for the life of the JVM), which
 * spares the kernel a socket's creation and teardown per check.
 *
 * <p>Concurrency: an attempt's descriptor belongs to the thread that opened it until it is handed
 * to the loop with {@code submit}; from then on only the loop thread touches it, and closes it. An
 * attempt ends once ({@code state}).
 */
final class EpollTcpConnector extends LoopConnector<EpollTcpConnector.Attempt> {
    private static final Logger log = LoggerFactory.getLogger(EpollTcpConnector.class);
    private static final int NO_FD = -1;

    private final Sockets sockets;
    private final Epoll epoll;
    private final IdleSockets idle = new IdleSockets();
    // Owned by the loop thread.
    private final Map<Integer, Attempt> watched = new HashMap<>();

    EpollTcpConnector() {
        sockets = Sockets.get();
        epoll = Epoll.open(256);
        Thread thread = Threads.daemonFactory("hsu-tcp-probe").newThread(this::run);
        thread.start();
    }

    @Override
    public Attempt start(long timeoutNanos, Outcome outcome) {
        return new Attempt(System.nanoTime() + timeoutNanos, outcome);
    }

    final class Attempt extends BaseAttempt {
        /** Set by the opening thread before {@code submit}; the loop's after that. */
        private volatile int fd = NO_FD;
        /** Owned by the loop thread. */
        private boolean registered;

        private Attempt(long deadlineNanos, Outcome outcome) {
            super(deadlineNanos, outcome);
        }

        /** Connects on this thread; only a connect still in progress is handed to the loop. */
        @Override
        public void connect(InetSocketAddress target) {
            if (isDone()) {
                return;
            }
            boolean v4 = target.getAddress() instanceof Inet4Address;
            boolean reusable = reusable(target);
            int socket = reusable ? idle.take(v4) : NO_FD;
            if (socket == NO_FD) {
                try {
                    socket = sockets.openTcp(target);
                } catch (PosixException e) {
                    fail(asIoException(e.errno(), e.getMessage()));
                    return;
                }
            }
            boolean connected;
            try {
                connected = sockets.connect(socket, target);
            } catch (PosixException e) {
                if (reusable && e.errno() == Errno.ECONNREFUSED.number()) {
                    recycle(socket, v4);
                } else {
                    sockets.closeWithReset(socket);   // whatever else went wrong may stick to the socket
                }
                fail(asIoException(e.errno(), e.getMessage()));
                return;
            } catch (RuntimeException e) {
                sockets.closeWithReset(socket);
                throw e;
            }
            if (connected) {
                if (reusable) {
                    recycle(socket, v4);
                } else {
                    sockets.closeWithReset(socket);
                }
                finish(null);
                return;
            }
            fd = socket;
            submit(this);
        }

        @Override
        public void awaitAddress() {
            submit(this);
        }

        @Override
        public void fail(IOException failure) {
            finish(failure);
            if (fd != NO_FD) {
                submit(this);   // the loop owns the descriptor: it closes it
            }
        }

        @Override
        void cancelled() {
            submit(this);   // the loop closes the descriptor, if it has one
        }
    }

    /**
     * Whether a socket used for {@code target} may serve other targets: not after a scoped
     * (link-local) IPv6 address, which binds the socket to that interface for good.
     */
    static boolean reusable(InetSocketAddress target) {
        return !(target.getAddress() instanceof Inet6Address v6) || (v6.getScopeId() == 0 && !v6.isLinkLocalAddress());
    }

    /** Idle sockets kept for reuse (for tests). */
    int idleSockets() {
        return idle.size();
    }

    /** Resets {@code socket}'s connection and keeps it for the next check, or closes it. */
    private void recycle(int socket, boolean v4) {
        if (!sockets.disconnect(socket) || !idle.offer(socket, v4)) {
            sockets.closeWithReset(socket);
        }
    }

    /**
     * Disconnected sockets ready for another connect, per address family. Checks that finish on the
     * caller's thread hand theirs back at once, so a handful serves any number of probes.
     */
    static final class IdleSockets {
        static final int PER_FAMILY = 4;
        private final int[] v4 = new int[PER_FAMILY];
        private final int[] v6 = new int[PER_FAMILY];
        private int v4Count;
        private int v6Count;

        /** Sockets waiting, both families (for tests). */
        synchronized int size() {
            return v4Count + v6Count;
        }

        /** An idle socket of the family, or {@code NO_FD}. */
        synchronized int take(boolean ipv4) {
            if (ipv4) {
                return v4Count == 0 ? NO_FD : v4[--v4Count];
            }
            return v6Count == 0 ? NO_FD : v6[--v6Count];
        }

        /** Keeps {@code socket}; false when the family already has {@link #PER_FAMILY}. */
        synchronized boolean offer(int socket, boolean ipv4) {
            if (ipv4 ? v4Count == PER_FAMILY : v6Count == PER_FAMILY) {
                return false;
            }
            if (ipv4) {
                v4[v4Count++] = socket;
            } else {
                v6[v6Count++] = socket;
            }
            return true;
        }
    }

    /** An IOException with the wording java.net uses, so messages read the same on every platform. */
    static IOException asIoException(int errno, String detail) {
        Errno known = Errno.fromNumber(errno).orElse(null);
        if (known == Errno.ECONNREFUSED) {
            return new ConnectException(known.description());
        }
        if (known == Errno.EHOSTUNREACH || known == Errno.ENETUNREACH) {
            return new NoRouteToHostException(known.description());
        }
        if (known == Errno.ETIMEDOUT) {
            return new SocketTimeoutException("connect timed out");
        }
        return new ConnectException(known != null ? known.description() : detail);
    }

    @Override
    void wakeLoop() {
        epoll.wakeup();
    }

    // ---------------------------------------------------------------- on the loop thread

    private void run() {
        for (;;) {
            try {
                int ready = epoll.await(millisToNextDeadline());
                awake();
                // Ready descriptors first: a descriptor closed below may be reused at once by an
                // attempt submitted in the same pass, which must not inherit this pass's readiness.
                for (int i = 0; i < ready; i++) {
                    Attempt a = watched.get(epoll.readyFd(i));
                    if (a != null) {
                        connected(a);
                    }
                }
                for (Attempt a; (a = nextSubmitted()) != null; ) {
                    advance(a);
                }
                expire();
            } catch (RuntimeException e) {
                log.error("tcp probe loop failed; continuing", e);
            }
        }
    }

    @Override
    boolean holdsSocket(Attempt a) {
        return a.fd != NO_FD;
    }

    /** A submitted attempt: close it if it ended, else watch its socket and its deadline. */
    private void advance(Attempt a) {
        if (a.isDone()) {
            close(a);
            return;
        }
        if (a.fd != NO_FD && !a.registered) {
            try {
                epoll.add(a.fd, Epoll.OUT);
                a.registered = true;
                watched.put(a.fd, a);
            } catch (PosixException e) {
                close(a);
                a.finish(asIoException(e.errno(), e.getMessage()));
                return;
            }
        }
        watchDeadline(a);
    }

    private void connected(Attempt a) {
        if (a.isDone()) {
            close(a);
            return;
        }
        int error = sockets.pendingError(a.fd);
        close(a);
        a.finish(error == 0 ? null : asIoException(error, "errno " + error));
    }

    /**
     * Closes with a reset. A watched descriptor leaves the epoll set first: a copy of the socket
     * held for an instant by a child being spawned would otherwise keep its entry alive, and its
     * readiness could be reported under the same number, reused by a newer attempt.
     */
    @Override
    void close(Attempt a) {
        int fd = a.fd;
        if (fd == NO_FD) {
            return;
        }
        a.fd = NO_FD;
        if (a.registered) {
            a.registered = false;
            watched.remove(fd);
            try {
                epoll.remove(fd);
            } catch (PosixException e) {
                log.debug("epoll remove of {} failed: {}", fd, e.toString());
            }
        }
        sockets.closeWithReset(fd);
    }
}
