package io.hsu.logs.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** logfmt lines ({@code level=info msg="started server" port=8080}) to fields. */
final class Logfmt {
    private Logfmt() {
    }

    /** The fields of {@code line}, or null when it is not logfmt (a token without '=' or a bad key). */
    static Map<String, Object> parse(String line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ' && line.charAt(i) != '"') {
                i++;
            }
            if (i == keyStart || i >= n || line.charAt(i) != '=') {
                return null;
            }
            String key = line.substring(keyStart, i);
            i++;
            String value;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        b.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                value = b.toString();
            } else {
                int valueStart = i;
                while (i < n && line.charAt(i) != ' ') {
                    i++;
                }
                value = line.substring(valueStart, i);
            }
            fields.put(key, value);
        }
        return fields.isEmpty() ? null : fields;
    }
}
