package io.hsu.processcontrol.internal.linux;

import io.hsu.processcontrol.AttachConfig.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}: which local
 * port each one is bound to, its state and its inode (what {@code /proc/<pid>/fd/N} links to as
 * {@code socket:[inode]}). These files show HSU's own network namespace only.
 */
final class ProcNetSockets {
    /** {@code TCP_LISTEN} in the kernel's {@code tcp_states.h}. */
    static final int TCP_LISTEN = 0x0A;
    private static final Path PROC_NET = Path.of("/proc/net");

    private ProcNetSockets() {
    }

    /**
     * One line of a {@code /proc/net} socket table.
     *
     * @param localAddress the local address (0.0.0.0 or :: when bound to every address)
     * @param localPort the local port
     * @param state the kernel's state number ({@link #TCP_LISTEN}; an unconnected UDP socket shows 7, TCP_CLOSE)
     * @param inode the socket's inode; 0 for a socket no file descriptor holds (TIME_WAIT)
     */
    record Socket(InetAddress localAddress, int localPort, int state, long inode) {
    }

    /**
     * The inodes of the sockets on {@code port}: TCP sockets in state LISTEN, or UDP sockets of any
     * state, from the IPv4 and IPv6 tables (a table the kernel lacks, such as tcp6 with IPv6
     * disabled, is skipped).
     *
     * @throws IOException if a table exists but cannot be read
     * @throws IllegalArgumentException if a table has an unexpected shape, with the line
     */
    static List<Socket> boundTo(int port, Protocol protocol) throws IOException {
        String base = protocol == Protocol.TCP ? "tcp" : "udp";
        List<Socket> result = new ArrayList<>();
        for (String table : List.of(base, base + "6")) {
            String text;
            try {
                text = Files.readString(PROC_NET.resolve(table), StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (Socket s : parse(text, "/proc/net/" + table)) {
                if (s.localPort() == port && s.inode() != 0 && (protocol == Protocol.UDP || s.state() == TCP_LISTEN)) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    /**
     * Parses a whole table: a header line, then one socket a line ({@code sl local_address
     * rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}, addresses as hex
     * {@code ADDR:PORT}, the address in the kernel's byte order).
     *
     * @param source the file name, for messages
     * @throws IllegalArgumentException if a line has another shape: the source, line number and line
     */
    static List<Socket> parse(String text, String source) {
        List<Socket> result = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {      // line 0 is the header
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                result.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot parse " + source + " line " + (i + 1) + ": " + e.getMessage()
                        + ": " + line, e);
            }
        }
        return result;
    }

    private static Socket parseLine(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length < 10 || !fields[0].endsWith(":")) {
            throw new IllegalArgumentException("expected 'sl: local_address rem_address st ... inode' (at least 10 fields),"
                    + " but found " + fields.length + " fields");
        }
        String local = fields[1];
        int colon = local.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("local_address must be ADDR:PORT, but was '" + local + "'");
        }
        InetAddress address = address(local.substring(0, colon));
        int port = hex(local.substring(colon + 1), "local port", 0xFFFF);
        int state = hex(fields[3], "st", 0xFF);
        long inode;
        try {
            inode = Long.parseLong(fields[9]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("inode must be a decimal number, but was '" + fields[9] + "'", e);
        }
        return new Socket(address, port, state, inode);
    }

    /** The kernel prints the address as 32-bit words in host byte order, each as 8 hex digits. */
    private static InetAddress address(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("address must be 8 or 32 hex digits, but was '" + hex + "'");
        }
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
        for (int i = 0; i < hex.length(); i += 8) {
            try {
                bytes.putInt((int) Long.parseLong(hex.substring(i, i + 8), 16));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address must be hex digits, but was '" + hex + "'", e);
            }
        }
        try {
            return InetAddress.getByAddress(bytes.array());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address has a bad length: '" + hex + "'", e);   // not reached: 4 or 16 bytes
        }
    }

    private static int hex(String text, String what, int max) {
        int value;
        try {
            value = Integer.parseInt(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be hex digits, but was '" + text + "'", e);
        }
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be at most " + Integer.toHexString(max).toUpperCase(java.util.Locale.ROOT)
                    + " (hex), but was '" + text + "'");
        }
        return value;
    }
}
