package io.hsu.logs;

/** Where an output writes. Network types default to a dropping overflow policy, the others to {@code block}. */
public enum OutputType {
    /** A rotating file per worker and stream (path template). */
    FILE(false),
    /** The master's standard output. */
    STDOUT(false),
    /** The master's standard error. */
    STDERR(false),
    /** The master's standard output with a {@code web-1 | } prefix per line. */
    MASTER_STDOUT(false),
    /** Syslog, RFC 5424 over UDP or TCP, or the local socket. */
    SYSLOG(true),
    /** Elasticsearch {@code _bulk}. */
    ELASTICSEARCH(true),
    /** HTTP POST of JSON lines. */
    HTTP(true);

    private final boolean network;

    OutputType(boolean network) {
        this.network = network;
    }

    /** True for outputs that send over a network. */
    public boolean isNetwork() {
        return network;
    }

    /** The policy used when the config names none. */
    public OverflowPolicy defaultOverflow() {
        return network ? OverflowPolicy.DROP_OLDEST : OverflowPolicy.BLOCK;
    }
}
