package dev.provision.report;

import dev.provision.Secret;
import java.util.ArrayList;
import java.util.Comparator;
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

    private final List<String> values;

    private SecretRedactor(List<String> values) {
        this.values = values;
    }

    /** Masks the given secrets (longest first, so one containing another is masked whole). */
    public static SecretRedactor of(List<Secret> secrets) {
        var vals = new ArrayList<String>();
        for (Secret s : secrets) {
            if (s != null && !s.reveal().isEmpty()) vals.add(s.reveal());
        }
        vals.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedactor(List.copyOf(vals));
    }

    @Override
    public String apply(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String v : values) out = out.replace(v, Secret.MASK);
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(out);
            out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + Secret.MASK + r.group(3)));
        }
        return out;
    }
}
