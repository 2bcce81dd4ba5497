package dev.provision.report;

import dev.provision.Secret;
import dev.provision.transport.SecretMasker;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place report text is masked: every known secret value is replaced by
 * {@link Secret#MASK}, and so is the value in the usual "key: value" shapes of a gossip key or
 * a password, in case a captured output holds one nobody told us about.
 */
public final class SecretRedactor implements UnaryOperator<String> {
    // "encrypt": "...", stats auth user:pass, password=..., and similar shapes.
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)(\"(?:encrypt|password|passwd|token|secret)\"\\s*:\\s*\")([^\"]+)(\")"),
            Pattern.compile("(?i)(\\bstats\\s+auth\\s+[^:\\s]+:)(\\S+)()"),
            Pattern.compile("(?i)(\\b(?:password|passwd|encrypt|gossip_key|token)\\s*[=:]\\s*)([^\\s\"',;]+)()"));

    private final SecretMasker known;

    private SecretRedactor(SecretMasker known) {
        this.known = known;
    }

    /** Masks the given secrets (through the transport's masker, so both agree on what is secret). */
    public static SecretRedactor of(List<Secret> secrets) {
        return new SecretRedactor(SecretMasker.of(secrets));
    }

    @Override
    public String apply(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = known.mask(text);
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(out);
            out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + Secret.MASK + r.group(3)));
        }
        return out;
    }
}
