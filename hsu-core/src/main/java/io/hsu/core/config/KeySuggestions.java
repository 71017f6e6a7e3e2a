package io.hsu.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a mistyped key most likely meant (optimal string alignment distance). */
final class KeySuggestions {
    private static final int MAX_DISTANCE = 2;

    private KeySuggestions() {
    }

    /** The closest known key within distance 2 (and closer than the key's own length), if any. */
    static Optional<String> closest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = unknown.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        boolean close = bestDistance <= MAX_DISTANCE && bestDistance < unknown.length();
        return close ? Optional.of(best) : Optional.empty();
    }

    /** Edits (insert, delete, substitute, swap neighbours) to turn a into b. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return Math.abs(a.length() - b.length()); // lower bound, enough to reject; keeps long keys cheap
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
