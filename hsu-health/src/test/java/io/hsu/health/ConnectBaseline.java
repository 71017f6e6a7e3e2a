package io.hsu.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The floor for the load harness, not run by CI: the cheapest Java loops that open and reset
 * loopback TCP connections at a given rate, measured in the same JVM and minute as the probes.
 * Like the probes, connections are started in batches on a 10 ms grid (10 per wake-up at 1000/s).
 *
 * <ul>
 *   <li>{@code idle}: the JVM with nothing to do (GC, JIT and JMX background);</li>
 *   <li>{@code blocking}: a blocking {@link SocketChannel} connect, then a reset close, on one thread;</li>
 *   <li>{@code selector}: non-blocking connects on one thread, those still pending finished through
 *       a {@link Selector} (on loopback the kernel usually completes the handshake inside connect);</li>
 *   <li>{@code tight}: blocking connects back to back, the CPU per connect without any waiting.</li>
 * </ul>
 *
 * <p>Arguments: {@code [ratePerSecond=1000] [seconds=10]}. CPU is the process's minus the listener's.
 */
final class ConnectBaseline {
    private static final long GRID_NANOS = 10_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Thread acceptor;
    private final InetSocketAddress address;
    /** Selector connects that did not complete inside connect() and needed the selector. */
    long pendingConnects;

    /** One measured loop: CPU of the process (listener excluded) and of the loop's own thread, per wall time. */
    record Figure(String name, long connects, long wallNanos, long processCpuNanos, long threadCpuNanos) {
        double processPercent() {
            return processCpuNanos * 100.0 / wallNanos;
        }

        double threadPercent() {
            return threadCpuNanos * 100.0 / wallNanos;
        }

        double threadMicrosPerConnect() {
            return connects == 0 ? 0 : threadCpuNanos / 1e3 / connects;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-9s %6d connects (%4.0f/s): process %5.2f%% of one core, loop thread %5.2f%% (%.1fus per connect)",
                    name, connects, connects * 1e9 / wallNanos, processPercent(), threadPercent(), threadMicrosPerConnect());
        }
    }

    ConnectBaseline(Thread acceptor, int port) {
        this.acceptor = acceptor;
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A daemon thread accepting on {@code listener}, reading each connection until the client resets it. */
    static Thread startAcceptor(ServerSocket listener) {
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                try (s) {
                    s.getInputStream().read();   // until the client's close (a reset)
                } catch (IOException e) {
                    // expected: connection reset
                }
            }
        }, "harness-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return acceptor;
    }

    long processCpuNanos() {
        return os.getProcessCpuTime() - threads.getThreadCpuTime(acceptor.getId());
    }

    Figure idle(double seconds) throws InterruptedException {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        long threadCpu = threads.getCurrentThreadCpuTime();
        TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
        return new Figure("idle", 0, System.nanoTime() - start, processCpuNanos() - cpu,
                threads.getCurrentThreadCpuTime() - threadCpu);
    }

    /** Blocking connects, {@code rate} a second in batches on the 10 ms grid, for {@code seconds}. */
    Figure blocking(int rate, double seconds) throws IOException, InterruptedException {
        blockingLoop(rate, Math.min(3, seconds));   // warm-up
        return blockingLoop(rate, seconds);
    }

    private Figure blockingLoop(int rate, double seconds) throws IOException, InterruptedException {
        long cpu = processCpuNanos();
        long threadCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        for (long tick = start; tick < end; tick += GRID_NANOS) {
            long due = (long) ((tick + GRID_NANOS - start) / 1e9 * rate);
            for (; done < due; done++) {
                try (SocketChannel ch = open()) {
                    ch.connect(address);
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            }
            sleepUntil(tick + GRID_NANOS);
        }
        return new Figure("blocking", done, System.nanoTime() - start, processCpuNanos() - cpu,
                threads.getCurrentThreadCpuTime() - threadCpu);
    }

    /** Non-blocking connects through one selector on this thread, {@code rate} a second on the grid. */
    Figure selector(int rate, double seconds, boolean finishAtOnce) throws IOException {
        try (Selector selector = Selector.open()) {
            selectorLoop(selector, rate, Math.min(3, seconds), finishAtOnce);
            pendingConnects = 0;
            return selectorLoop(selector, rate, seconds, finishAtOnce);
        }
    }

    private Figure selectorLoop(Selector selector, int rate, double seconds, boolean finishAtOnce) throws IOException {
        long cpu = processCpuNanos();
        long threadCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long started = 0;
        long finished = 0;
        for (long tick = start; tick < end; tick += GRID_NANOS) {
            long due = (long) ((tick + GRID_NANOS - start) / 1e9 * rate);
            for (; started < due; started++) {
                SocketChannel ch = open();
                ch.configureBlocking(false);
                if (ch.connect(address) || (finishAtOnce && ch.finishConnect())) {
                    resetClose(ch);
                    finished++;
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT);
                    pendingConnects++;
                }
            }
            for (long now = System.nanoTime(); now < tick + GRID_NANOS; now = System.nanoTime()) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(tick + GRID_NANOS - now)));
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    try {
                        ch.finishConnect();
                    } finally {
                        resetClose(ch);
                        finished++;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return new Figure(finishAtOnce ? "nonblock" : "selector", finished, System.nanoTime() - start, processCpuNanos() - cpu,
                threads.getCurrentThreadCpuTime() - threadCpu);
    }

    /** {@code n} blocking connects back to back: the kernel's cost per connect with no waiting. */
    Figure tight(int n) throws IOException {
        long cpu = processCpuNanos();
        long threadCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (SocketChannel ch = open()) {
                ch.connect(address);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        }
        return new Figure("tight", n, System.nanoTime() - start, processCpuNanos() - cpu,
                threads.getCurrentThreadCpuTime() - threadCpu);
    }

    /** A socket of the address's family: the JDK's default is an IPv6 socket even for an IPv4 address. */
    private SocketChannel open() throws IOException {
        return FAMILY_OF_ADDRESS ? SocketChannel.open(address.getAddress() instanceof java.net.Inet4Address
                ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.INET6) : SocketChannel.open();
    }

    private static final boolean FAMILY_OF_ADDRESS = !"false".equals(System.getProperty("baseline.family"));

    private static void resetClose(SocketChannel ch) throws IOException {
        try (ch) {
            if (ch.isConnected()) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Runs every loop and prints one line each, then the load average. */
    void printAll(int rate, double seconds) throws IOException, InterruptedException {
        System.out.println("baseline " + idle(seconds));
        System.out.println("baseline " + blocking(rate, seconds));
        System.out.println("baseline " + selector(rate, seconds, false) + ", " + pendingConnects + " by the selector");
        System.out.println("baseline " + selector(rate, seconds, true) + ", " + pendingConnects + " by the selector");
        tight(2_000);
        System.out.println("baseline " + tight(10_000));
        System.out.println(loadAverage());
    }

    static String loadAverage() {
        try {
            return "load average: " + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")),
                    java.nio.charset.StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "load average: unknown (" + e + ")";
        }
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        System.out.printf(Locale.ROOT, "java %s%n", System.getProperty("java.version"));
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            new ConnectBaseline(startAcceptor(listener), listener.getLocalPort()).printAll(rate, seconds);
        }
    }
}
