package dev.provision.transport;

import dev.provision.Secret;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Replaces every known secret value by {@link Secret#MASK} in text meant for the user: error
 * messages, command lines, command output. The one place that decides what a user may see.
 */
public final class SecretMasker {
    private static final SecretMasker NONE = new SecretMasker(List.of());
    private final List<String> values;

    private SecretMasker(List<String> values) {
        this.values = values;
    }

    /** A masker for these secrets (empty values are ignored: they would mask everything). */
    public static SecretMasker of(Collection<Secret> secrets) {
        var vals = secrets.stream()
                .filter(Objects::nonNull)
                .map(Secret::reveal)
                .filter(v -> !v.isEmpty())
                .distinct()
                // Longest first, so a secret that contains another is masked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        return vals.isEmpty() ? NONE : new SecretMasker(vals);
    }

    /** A masker for the secrets that are present among these. */
    @SafeVarargs
    public static SecretMasker ofOptionals(Optional<Secret>... secrets) {
        return of(Stream.of(secrets).flatMap(Optional::stream).toList());
    }

    public static SecretMasker none() {
        return NONE;
    }

    /** A masker for these secrets and this one's (the engine adds a gossip key, say). */
    public SecretMasker and(Collection<Secret> more) {
        var all = new java.util.ArrayList<Secret>(more);
        values.forEach(v -> all.add(Secret.of(v)));
        return of(all);
    }

    /** The text with every secret value replaced by the mask; null stays null. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) return text;
        String out = text;
        for (String v : values) {
            out = out.replace(v, Secret.MASK);
        }
        return out;
    }
}
