package dev.provision.transport;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX shell quoting, done in this one place. */
public final class Shell {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {}

    /** Quotes one word so that sh passes it through unchanged. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** Joins argv into one shell command line, each word quoted as needed. */
    public static String join(List<String> argv) {
        var sb = new StringBuilder();
        for (String w : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(w));
        }
        return sb.toString();
    }
}
