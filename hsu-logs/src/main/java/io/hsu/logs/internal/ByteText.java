package io.hsu.logs.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/*
 * Performance: the JSON formats are written here, straight to UTF-8 bytes, instead of through a
 * StringBuilder and String.getBytes: that was two extra passes over every line and, on JDK 17,
 * char-by-char appends. The bytes are exactly what String.getBytes(UTF_8) gives for the same text
 * (an unpaired surrogate becomes '?'), and the JSON escapes are those of Json.quote.
 */
/** A growable byte array that text is written to as UTF-8, with JSON helpers. Not thread-safe. */
final class ByteText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private byte[] buf;
    private int len;

    ByteText(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** The bytes of an ASCII constant, for {@link #raw}. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    int length() {
        return len;
    }

    /** The backing array; the text is its first {@link #length()} bytes. */
    byte[] array() {
        return buf;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Appends one ASCII character. */
    ByteText ascii(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    ByteText raw(byte[] bytes) {
        int n = bytes.length;
        room(n);
        if (n <= 32) {
            byte[] b = buf;   // short constants: a loop is cheaper than the arraycopy call
            int p = len;
            for (int k = 0; k < n; k++) {
                b[p + k] = bytes[k];
            }
        } else {
            System.arraycopy(bytes, 0, buf, len, n);
        }
        len += n;
        return this;
    }

    ByteText number(long v) {
        if (v == Long.MIN_VALUE) {
            return utf8(Long.toString(v));
        }
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int k = len + digits - 1; k >= len; k--) {
            buf[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** Appends {@code s} as UTF-8. */
    ByteText utf8(String s) {
        int n = s.length();
        room(n);
        int i = asciiRun(s, 0, n, false);
        while (i < n) {
            i = asciiRun(s, encode(s, i, n), n, false);
        }
        return this;
    }

    /** Appends {@code s} as a JSON string literal, escaped as {@link Json#quote} does. */
    ByteText quoted(String s) {
        int n = s.length();
        room(n + 2);
        buf[len++] = '"';
        int i = asciiRun(s, 0, n, true);
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                i = encode(s, i, n);
            } else {
                escape(c, n - i);
                i++;
            }
            i = asciiRun(s, i, n, true);
        }
        room(1);
        buf[len++] = '"';
        return this;
    }

    /**
     * Copies the ASCII characters of {@code s} from {@code i} on (stopping at JSON specials too when
     * {@code json}); returns where it stopped. The caller has made room for the rest of {@code s}.
     */
    private int asciiRun(String s, int i, int n, boolean json) {
        byte[] b = buf;
        int p = len;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || json && (c < 0x20 || c == '"' || c == '\\')) {
                break;
            }
            b[p++] = (byte) c;
        }
        len = p;
        return i;
    }

    private void escape(char c, int rest) {
        room(6 + rest);
        buf[len++] = '\\';
        switch (c) {
            case '"': buf[len++] = '"'; break;
            case '\\': buf[len++] = '\\'; break;
            case '\n': buf[len++] = 'n'; break;
            case '\r': buf[len++] = 'r'; break;
            case '\t': buf[len++] = 't'; break;
            default:
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
        }
    }

    /**
     * Encodes the non-ASCII character at {@code i} (a pair for a surrogate pair) and keeps room for
     * the rest of {@code s} at one byte a character. Returns the index after it.
     */
    private int encode(String s, int i, int n) {
        room(4 + n - i);
        char c = s.charAt(i);
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3F);
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
                return i + 2;
            }
            buf[len++] = '?';   // as String.getBytes(UTF_8) replaces an unpaired surrogate
            return i + 1;
        }
        buf[len++] = (byte) (0xE0 | c >> 12);
        buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
        buf[len++] = (byte) (0x80 | c & 0x3F);
        return i + 1;
    }

    /** Appends a value read by {@link Json} as JSON, as {@link Json#write} does. */
    ByteText json(Object v) {
        if (v == null) {
            raw(NULL);
        } else if (v instanceof String) {
            quoted((String) v);
        } else if (v instanceof Long) {
            number((Long) v);
        } else if (v instanceof Number || v instanceof Boolean) {
            utf8(v.toString());
        } else if (v instanceof Map) {
            ascii('{');
            int start = len;
            ((Map<?, ?>) v).forEach((key, value) -> {   // no entry wrappers of the unmodifiable view
                if (len != start) {
                    ascii(',');
                }
                quoted(String.valueOf(key)).ascii(':').json(value);
            });
            ascii('}');
        } else if (v instanceof List) {
            ascii('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    ascii(',');
                }
                first = false;
                json(o);
            }
            ascii(']');
        } else {
            quoted(v.toString());
        }
        return this;
    }
}
