package dev.provision.secret;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a valid secret looks like. Each check returns what is wrong in words that never
 * contain the value itself, so a message about a bad secret can be printed as it is.
 *
 * <p>Passwords (SSH, sudo, HAProxy's stats page) need at least {@value #MIN_LENGTH} characters,
 * whatever their source: a shorter one cannot be masked in free text without either garbling it
 * (masking "web" everywhere) or letting it through, so it is refused where it enters.
 */
public final class SecretRules {
    public static final int MIN_LENGTH = 8;
    private static final int MAX_LENGTH = 256;
    /** Printable ASCII without space, '#' (a comment) or quotes and backslash (HAProxy unquotes them). */
    private static final Pattern STATS_PASSWORD = Pattern.compile("[!$-&(-\\[\\]-~]+");

    private SecretRules() {}

    /** A login or sudo password: any characters but line breaks, at least {@value #MIN_LENGTH}. */
    public static Optional<String> passwordProblem(String value) {
        if (value.length() < MIN_LENGTH) return Optional.of("is shorter than " + MIN_LENGTH + " characters");
        if (value.length() > MAX_LENGTH) return Optional.of("is longer than " + MAX_LENGTH + " characters");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            return Optional.of("contains a line break or a NUL character");
        }
        return Optional.empty();
    }

    /** HAProxy's stats password: it goes into haproxy.cfg as one word. */
    public static Optional<String> statsPasswordProblem(String value) {
        Optional<String> p = passwordProblem(value);
        if (p.isPresent()) return p;
        if (!STATS_PASSWORD.matcher(value).matches()) {
            return Optional.of("may hold only printable ASCII without spaces, '#', quotes or '\\'");
        }
        return Optional.empty();
    }

    /** Consul's gossip key: base64 of exactly 32 bytes (what {@code consul keygen} prints). */
    public static Optional<String> gossipKeyProblem(String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not base64 (make one with 'consul keygen')");
        }
        if (bytes.length != 32) {
            return Optional.of("must be base64 of exactly 32 bytes, it holds " + bytes.length + " (make one with 'consul keygen')");
        }
        return Optional.empty();
    }

    /** A description of a valid value, for messages and the inventory's type names. */
    public static String describePassword() {
        return "a password of at least " + MIN_LENGTH + " characters, on one line";
    }

    public static String describeStatsPassword() {
        return "a password of at least " + MIN_LENGTH + " printable ASCII characters without spaces, '#', quotes or '\\'";
    }

    public static String describeGossipKey() {
        return "a gossip key: base64 of exactly 32 bytes, as 'consul keygen' prints";
    }
}
