package io.hsu.logs.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 checks for framing: validation without allocation, and replacement of invalid sequences by U+FFFD. */
final class Utf8 {
    private Utf8() {
    }

    /** True when {@code a[from, to)} is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF). */
    static boolean isValid(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            int b = a[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int n;
            int min;
            if ((b & 0xE0) == 0xC0) {
                n = 1;
                min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                n = 2;
                min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;   // truncated sequence
            }
            int cp = b & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int c = a[i + k];
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    /** {@code a[from, to)} decoded with invalid sequences replaced by U+FFFD, encoded back to UTF-8. */
    static byte[] sanitize(byte[] a, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(a, from, to - from));
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /** The largest cut in {@code (from, to]} at or before {@code to} that does not split a UTF-8 sequence. */
    static int boundaryAtOrBefore(byte[] a, int from, int to) {
        int cut = to;
        for (int k = 0; k < 3 && cut > from + 1 && cut < a.length && (a[cut] & 0xC0) == 0x80; k++) {
            cut--;
        }
        return cut;
    }
}
