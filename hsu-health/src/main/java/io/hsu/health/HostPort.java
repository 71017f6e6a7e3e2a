package io.hsu.health;

/** Formats host:port, bracketing IPv6 literals. */
final class HostPort {
    private HostPort() {}

    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
