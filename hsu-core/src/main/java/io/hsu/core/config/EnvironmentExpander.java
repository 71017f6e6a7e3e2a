package io.hsu.core.config;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Expands <code>${VAR}</code> and <code>${VAR:-default}</code> in a scalar; <code>$${</code> is a
 * literal <code>${</code>. The default runs to the first closing brace, is used when the variable is
 * unset or empty, and is not itself expanded. Other dollar signs are kept.
 */
final class EnvironmentExpander {
    private final Function<String, String> environment;

    EnvironmentExpander(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Returns the expanded text; each problem goes to {@code problems} and expands to an empty string. */
    String expand(String text, Consumer<String> problems) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.accept("'${' has no closing '}' (write $${ for a literal ${)");
                    return out.toString();
                }
                out.append(lookup(text.substring(i + 2, end), problems));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String lookup(String reference, Consumer<String> problems) {
        int separator = reference.indexOf(":-");
        String name = separator < 0 ? reference : reference.substring(0, separator);
        if (!isName(name)) {
            problems.accept("'${" + name + "}' is not a valid environment variable reference"
                    + " (use ${NAME} or ${NAME:-default} with NAME of letters, digits and _)");
            return "";
        }
        String value = environment.apply(name);
        if (separator >= 0 && (value == null || value.isEmpty())) {
            return reference.substring(separator + 2);
        }
        if (value == null) {
            problems.accept("environment variable " + name + " is not set (use ${" + name
                    + ":-default} to give a default)");
            return "";
        }
        return value;
    }

    private static boolean isName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
