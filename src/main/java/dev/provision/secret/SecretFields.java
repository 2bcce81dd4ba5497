package dev.provision.secret;

import dev.provision.Secret;
import dev.provision.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The places a secret sits in the files and outputs provision meets: Consul's
 * {@code "encrypt": "..."}, HAProxy's {@code stats auth user:password}, {@code password=...},
 * an inventory's {@code stats_password: ...}, a Basic authorization header. Used twice: to mask
 * such a value even when nobody said it was secret, and to learn the old values in a file read
 * back from a host.
 */
final class SecretFields {
    /** Group 1 is kept, group 2 is the secret, group 3 is kept. */
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)(\"(?:encrypt|password|passwd|token|secret|gossip_key|stats_password)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)+)(\")"),
            Pattern.compile("(?i)(\\bstats\\s+auth\\s+[^:\\s]+:)(\\S+)()"),
            Pattern.compile("(?i)(\\bauthorization:\\s*basic\\s+)([A-Za-z0-9+/=]+)()"),
            // key=value (a URL's query, a command's option); no space, so prose ("password: set X") is left alone
            Pattern.compile("(?i)(\\b(?:\\w*password|passwd|\\w*_pass|encrypt|gossip_key|token)=[\"']?)([^\\s\"',;&]+)()"),
            // the secret variables of an inventory, as YAML lines (not an error's "all.vars.gossip_key: ...")
            Pattern.compile("(?im)(^[ \\t+-]*(?:stats_password|gossip_key|ansible_password|ansible_ssh_pass|ansible_become_pass(?:word)?)[ \\t]*:[ \\t]*[\"']?)([^\\s\"']+)()"));

    private SecretFields() {}

    /** The text with the value of every secret-bearing field masked. */
    static String redact(String text) {
        String out = text;
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(out);
            if (!m.find()) continue;
            out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + Secret.MASK + r.group(3)));
        }
        return out;
    }

    /** The values of the secret-bearing fields in a text (already masked ones left out). */
    static List<String> valuesIn(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String v = m.group(2);
                if (!v.equals(Secret.MASK)) out.add(Json.unquote(v));
            }
        }
        return out;
    }
}
