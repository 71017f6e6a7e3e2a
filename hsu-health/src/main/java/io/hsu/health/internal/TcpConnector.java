package io.hsu.health.internal;

import io.hsu.core.Scheduler;
import io.hsu.core.posix.PosixUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and resets the TCP connections of every tcp probe of the JVM without a thread per check:
 * {@link EpollTcpConnector} on Linux (system calls, the connect on the caller's thread),
 * {@link NioTcpConnector} elsewhere. Thread-safe; the JVM's connector is started on first use and
 * never stopped.
 */
interface TcpConnector {

    /** The connector of the JVM, started on first use. */
    static TcpConnector shared() throws IOException {
        return Holder.get();
    }

    /**
     * A new attempt whose deadline runs from now; it connects once given an address by
     * {@link Attempt#connect}, and fails with a timeout if none comes in time.
     */
    Attempt start(long timeoutNanos, Outcome outcome);

    /** Receives how an attempt ended: null when it connected, {@link SocketTimeoutException} at its deadline. */
    @FunctionalInterface
    interface Outcome {
        void finished(IOException failure);
    }

    /**
     * One connection attempt: it ends once, by its connect, its deadline, {@link #fail} or
     * {@link #cancel()} (which drops it without an outcome), and its socket is closed with a reset
     * in every case.
     */
    interface Attempt extends Scheduler.Cancellable {
        /** Connects to {@code target}, a resolved address. */
        void connect(InetSocketAddress target);

        /** Waits for an address that another thread is resolving, up to the deadline. */
        void awaitAddress();

        /** Ends the attempt now with {@code failure} (null: connected), unless it has ended already. */
        void fail(IOException failure);
    }

    /** Chooses the implementation once. */
    final class Holder {
        private static final Logger log = LoggerFactory.getLogger(TcpConnector.class);
        private static TcpConnector shared;   // guarded by Holder.class

        private Holder() {
        }

        static synchronized TcpConnector get() throws IOException {
            if (shared == null) {
                try {
                    shared = new EpollTcpConnector();
                } catch (PosixUnavailableException e) {
                    log.debug("tcp probes use java.nio: {}", e.getMessage());
                    shared = new NioTcpConnector();
                }
            }
            return shared;
        }
    }
}
