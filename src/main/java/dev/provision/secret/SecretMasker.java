package dev.provision.secret;

import dev.provision.Secret;
import dev.provision.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The one masker of every text meant for a person or a file: console, {@code --diff}, {@code -v},
 * {@code --output json}, error messages, every report format. It replaces each known secret value
 * by {@link Secret#MASK}, then the value of every secret-bearing field ({@link SecretFields}),
 * known or not.
 *
 * <p>Values are masked as whole tokens: an occurrence glued to a letter or digit is left alone,
 * so a secret never turns ordinary words into a pattern that gives it away (masking "web" inside
 * "web-1" would say what the password is). Passwords shorter than {@link SecretRules#MIN_LENGTH}
 * are refused where they enter, so no short value reaches a masker.
 *
 * <p>A masker learns: secrets found later (a value read back from a host, {@link #learnFrom})
 * are masked from then on, in every output that shares this masker. Thread-safe.
 */
public final class SecretMasker implements UnaryOperator<String> {
    /** Every secret any masker of this process was told: for the last words of a failing command. */
    private static final SecretMasker PROCESS = new SecretMasker();
    private final Set<String> known = new LinkedHashSet<>();
    /** Every form of every known value, longest first, so a secret containing another is masked whole. */
    private volatile List<String> forms = List.of();

    private SecretMasker() {}

    /** A masker for these secrets (null and empty values are ignored: they would mask everything). */
    public static SecretMasker of(Collection<Secret> secrets) {
        var m = new SecretMasker();
        m.addAll(secrets);
        return m;
    }

    /** A masker for the secrets that are present among these. */
    @SafeVarargs
    public static SecretMasker ofOptionals(Optional<Secret>... secrets) {
        return of(Stream.of(secrets).flatMap(Optional::stream).toList());
    }

    /** A masker that knows no value yet (it still masks secret-bearing fields). */
    public static SecretMasker none() {
        return new SecretMasker();
    }

    /**
     * Knows every secret any masker of this process has met: error messages printed where a
     * command ends (outside any run's own masker) go through it.
     */
    public static SecretMasker process() {
        return PROCESS;
    }

    /** A new masker for these secrets and this one's. */
    public SecretMasker and(Collection<Secret> more) {
        var m = new SecretMasker();
        synchronized (this) {
            known.forEach(v -> m.add(Secret.of(v)));
        }
        m.addAll(more);
        return m;
    }

    public void addAll(Collection<Secret> secrets) {
        secrets.stream().filter(Objects::nonNull).forEach(this::add);
    }

    public void add(Secret secret) {
        if (this != PROCESS) PROCESS.add(secret);
        remember(secret.reveal());
    }

    private synchronized void remember(String v) {
        if (v.isEmpty() || !known.add(v)) return;
        var all = new LinkedHashSet<>(forms);
        all.addAll(formsOf(v));
        var sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        forms = List.copyOf(sorted);
    }

    /**
     * Remembers the values of the secret-bearing fields of a text read from a host (the old
     * content of a file about to change): the old gossip key or stats password is masked from
     * now on wherever it shows up, not only in its field.
     */
    public void learnFrom(String hostText) {
        for (String v : SecretFields.valuesIn(hostText)) {
            // A short one is masked in its field only: as a loose token it would garble output.
            if (v.length() >= SecretRules.MIN_LENGTH) add(Secret.of(v));
        }
    }

    /** The text with every secret masked; null stays null. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String f : forms) out = maskToken(out, f);
        return SecretFields.redact(out);
    }

    @Override
    public String apply(String text) {
        return mask(text);
    }

    /** The value as written raw, in a JSON string, and inside a single-quoted shell word. */
    private static List<String> formsOf(String v) {
        var out = new LinkedHashSet<String>();
        out.add(v);
        out.add(Json.inString(v)); // as our JSON writer and templates write it
        out.add(v.replace("'", "'\\''")); // Shell.quote
        out.add(v.replace("'", "'\"'\"'")); // the other usual shell quoting
        return List.copyOf(out);
    }

    /** Replaces each occurrence of {@code token} that is not part of a longer word. */
    static String maskToken(String text, String token) {
        int from = text.indexOf(token);
        if (from < 0) return text;
        boolean wordStart = isWord(token.charAt(0));
        boolean wordEnd = isWord(token.charAt(token.length() - 1));
        var sb = new StringBuilder(text.length());
        int copied = 0;
        while (from >= 0) {
            int end = from + token.length();
            // "\nSECRET" in a JSON string: the 'n' belongs to an escape, not to the word.
            boolean gluedBefore = wordStart && from > 0 && isWord(text.charAt(from - 1))
                    && !(from > 1 && text.charAt(from - 2) == '\\');
            boolean gluedAfter = wordEnd && end < text.length() && isWord(text.charAt(end));
            if (!gluedBefore && !gluedAfter) {
                sb.append(text, copied, from).append(Secret.MASK);
                copied = end;
                from = text.indexOf(token, end);
            } else {
                from = text.indexOf(token, from + 1);
            }
        }
        sb.append(text, copied, text.length());
        return sb.toString();
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c);
    }
}
