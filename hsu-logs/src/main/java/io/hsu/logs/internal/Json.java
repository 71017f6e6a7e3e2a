package io.hsu.logs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON reader (objects of log lines) and string escaping for the writers; no dependency needed. */
final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** The object in {@code text}, or null when {@code text} is not exactly one JSON object. */
    static Map<String, Object> parseObject(String text) {
        Json p = new Json(text);
        try {
            p.ws();
            if (p.i >= text.length() || text.charAt(p.i) != '{') {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) p.value(0);
            p.ws();
            return p.i == text.length() ? m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Any JSON value in {@code text}; throws IllegalArgumentException when invalid. */
    static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing characters at " + p.i);
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("nested too deep");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value(depth + 1));
                    ws();
                    char d = s.charAt(i++);
                    if (d == '}') {
                        return m;
                    }
                    if (d != ',') {
                        throw new IllegalArgumentException("expected , or } at " + (i - 1));
                    }
                }
            }
            case '[': {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    ws();
                    l.add(value(depth + 1));
                    ws();
                    char d = s.charAt(i++);
                    if (d == ']') {
                        return l;
                    }
                    if (d != ',') {
                        throw new IllegalArgumentException("expected , or ] at " + (i - 1));
                    }
                }
            }
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                return number();
        }
    }

    private Object number() {
        int start = i;
        boolean plainLong = true;   // an optional '-' and at most 18 digits: fits a long, parsed in place
        long value = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            } else if (c == '-' && i == start) {
                value = 0;   // the sign, applied below
            } else if (c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E') {
                plainLong = false;
            } else {
                break;
            }
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("unexpected character at " + start);
        }
        boolean negative = s.charAt(start) == '-';
        int digits = i - start - (negative ? 1 : 0);
        if (plainLong && digits > 0 && digits <= 18) {
            return negative ? -value : value;
        }
        String t = s.substring(start, i);
        if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                // too large: fall through to double
            }
        }
        return Double.parseDouble(t);
    }

    private String string() {
        expect('"');
        int close = s.indexOf('"', i);
        if (close > 0) {
            int escape = i;
            while (escape < close && s.charAt(escape) != '\\') {   // only up to the quote, not to the end of the line
                escape++;
            }
            if (escape == close) {
                String v = s.substring(i, close);
                i = close + 1;
                return v;
            }
        }
        StringBuilder b = null;
        int start = i;
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b == null ? s.substring(start, i - 1) : b.toString();
            }
            if (c == '\\') {
                if (b == null) {
                    b = new StringBuilder(s.substring(start, i - 1));
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            } else if (b != null) {
                b.append(c);
            }
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw new IllegalArgumentException("expected " + word + " at " + i);
        }
        i += word.length();
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i);
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    /** Appends {@code text} as a JSON string literal. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        int clean = 0;
        while (clean < text.length()) {
            char c = text.charAt(clean);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            clean++;
        }
        if (clean == text.length()) {
            out.append(text).append('"');   // the common case: nothing to escape, one bulk copy
            return;
        }
        char[] chars = text.toCharArray();   // appending char[] runs is much cheaper than CharSequence ranges on 17
        out.append(chars, 0, clean);
        int run = clean;
        for (int k = clean; k < chars.length; k++) {
            char c = chars[k];
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(chars, run, k - run);
            run = k + 1;
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default: out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(chars, run, chars.length - run);
        out.append('"');
    }

    /** Appends any value read by this class (maps, lists, strings, numbers, booleans, null) as JSON. */
    static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String) {
            quote(out, (String) v);
        } else if (v instanceof Long) {
            out.append(((Long) v).longValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, o);
            }
            out.append(']');
        } else {
            quote(out, v.toString());
        }
    }
}
