package io.hsu.health.internal;

import io.hsu.core.internal.Threads;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable {@link TcpConnector}: opens and resets TCP connections for every tcp probe of the
 * JVM on one daemon platform thread with a {@link Selector}, so a tcp check needs no thread of its
 * own and the thread count does not grow with the probes. Started on first use, never stopped.
 *
 * <p>Concurrency: {@link #start} and {@link Attempt#connect} may be called from any thread; they
 * queue the attempt and wake the selector thread (once per batch). Everything else (channels, the
 * deadline queue) belongs to the selector thread. An attempt finishes once, by its connect, by its
 * deadline or by {@link Attempt#cancel()}, whichever comes first ({@code state}); the channel is
 * closed with a reset (no TIME_WAIT) in every case. On loopback the kernel completes the handshake
 * inside {@code connect()}, so most attempts never touch the selector's key set.
 */
final class NioTcpConnector extends LoopConnector<NioTcpConnector.Attempt> {
    private static final Logger log = LoggerFactory.getLogger(NioTcpConnector.class);


    private final Selector selector;

    NioTcpConnector() throws IOException {
        selector = Selector.open();
        Thread thread = Threads.daemonFactory("hsu-tcp-probe").newThread(this::run);
        thread.start();
    }

    @Override
    public Attempt start(long timeoutNanos, Outcome outcome) {
        return new Attempt(System.nanoTime() + timeoutNanos, outcome);
    }

    /** One connection attempt; {@link #cancel()} drops it without an outcome. */
    final class Attempt extends BaseAttempt {
        private volatile InetSocketAddress address;
        /** Owned by the selector thread. */
        private SocketChannel channel;

        private Attempt(long deadlineNanos, Outcome outcome) {
            super(deadlineNanos, outcome);
        }

        /** Connects to {@code target} (resolved) on the selector thread. */
        @Override
        public void connect(InetSocketAddress target) {
            address = target;
            submit(this);
        }

        /** Waits for an address that another thread is resolving, up to the deadline. */
        @Override
        public void awaitAddress() {
            submit(this);
        }

        /** Ends the attempt now with {@code failure} (null: connected), unless it has ended already. */
        @Override
        public void fail(IOException failure) {
            finish(failure);
            submit(this);   // closes the channel if there is one
        }

        @Override
        void cancelled() {
            submit(this);   // the selector thread closes the channel, if there is one
        }
    }

    @Override
    void wakeLoop() {
        selector.wakeup();
    }

    // ---------------------------------------------------------------- on the selector thread

    private void run() {
        for (;;) {
            try {
                select();
                awake();
                for (Attempt a; (a = nextSubmitted()) != null; ) {
                    advance(a);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    finishConnect((Attempt) key.attachment());
                }
                selector.selectedKeys().clear();
                expire();
            } catch (IOException | RuntimeException e) {
                log.error("tcp probe selector failed; continuing", e);
            }
        }
    }

    private void select() throws IOException {
        int millis = millisToNextDeadline();
        if (millis < 0) {
            selector.select();
        } else if (millis > 0) {
            selector.select(millis);
        } else {
            selector.selectNow();
        }
    }

    /** A submitted attempt: connect it, close it if it ended meanwhile, or watch its deadline. */
    private void advance(Attempt a) {
        if (a.isDone()) {
            close(a);
            return;
        }
        if (a.channel == null && a.address != null) {
            try {
                a.channel = open(a.address);
                if (a.channel.connect(a.address) || a.channel.finishConnect()) {
                    close(a);
                    a.finish(null);
                    return;
                }
                a.channel.register(selector, SelectionKey.OP_CONNECT, a);
            } catch (IOException | RuntimeException e) {
                close(a);
                a.finish(e instanceof IOException io ? io : new IOException(e.toString(), e));
                return;
            }
        }
        watchDeadline(a);
    }

    private void finishConnect(Attempt a) {
        if (a.channel == null) {
            return;   // closed earlier in this pass
        }
        if (a.isDone()) {
            close(a);
            return;
        }
        IOException failure = null;
        try {
            if (!a.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            failure = e;
        }
        close(a);
        a.finish(failure);
    }

    /** A socket of the address's own family: the JDK's default is IPv6 even for an IPv4 address. */
    private static SocketChannel open(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        channel.configureBlocking(false);
        return channel;
    }

    @Override
    boolean holdsSocket(Attempt a) {
        return a.channel != null;
    }

    /** Closes with a reset, as kubelet does: a graceful close would leave this side in TIME_WAIT. */
    @Override
    void close(Attempt a) {
        SocketChannel channel = a.channel;
        if (channel == null) {
            return;
        }
        a.channel = null;
        try (channel) {
            if (channel.isConnected()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            log.debug("closing a tcp probe connection failed", e);
        }
    }
}
