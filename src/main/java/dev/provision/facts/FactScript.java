package dev.provision.facts;

import dev.provision.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the one shell script that reads every requested fact of a host, and parses its output.
 * The script only reads (check mode runs it too). Its output, one fact a line:
 * <pre>
 * F path type owner group mode     (stat; a path not listed does not exist)
 * SHA256  path                     (sha256sum of small files)
 * L path sha256                    (large files: from the digest cache, or hashed)
 * C path base64|absent             (content of small files)
 * P name status                    (dpkg-query / rpm; "ii" = installed)
 * U passwd-line                    (getent)
 * Id=unit / UnitFileState= / ActiveState=   (systemctl show, one block per unit)
 * </pre>
 */
public final class FactScript {
    /** Where provision records "size.mtime.inode sha256" of the big files it uploaded. */
    public static final String SUMS_DIR = "/var/lib/provision/sums";

    /**
     * Handlers a change notified and that have not run yet, one empty file each: written before
     * the change, removed once the handler ran, so a run killed in between (after a new binary
     * or config went in, before the restart) leaves the restart to the next run.
     */
    public static final String NOTIFIED_DIR = "/var/lib/provision/notified";

    /** First line of every facts script: tells a reader (and a test's fake host) that it only reads. */
    public static final String HEADER = "# provision: read facts\n";

    private static final Pattern SHA_LINE = Pattern.compile("([0-9a-f]{64})  (/.*)");

    private FactScript() {}

    /** The cache file for a path's digest. */
    public static String sumsFile(String path) {
        return SUMS_DIR + "/" + path.replace('/', '_');
    }

    /** The facts script for a host of a known family (null: no package query). */
    public static String build(FactRequest req, Os.Family family) {
        // Few processes, not one per fact: one stat and one sha256sum for every path, one
        // systemctl, one getent, one package query. Large files use the digest cache when their
        // size, mtime and inode still match, computed with shell builtins.
        var sb = new StringBuilder(HEADER);
        var small = req.files().entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey()).toList();
        var large = req.files().entrySet().stream().filter(e -> e.getValue()).map(e -> e.getKey()).toList();
        if (!req.files().isEmpty()) {
            sb.append("stat --printf 'F\\t%n\\t%F\\t%U\\t%G\\t%a\\n' ").append(Shell.join(req.files().keySet().stream().toList()))
                    .append(" 2>/dev/null\n");
        }
        if (!small.isEmpty()) sb.append("sha256sum ").append(Shell.join(small)).append(" 2>/dev/null\n");
        if (!large.isEmpty()) {
            sb.append("lf() { [ -f \"$1\" ] || return 0; k=$(stat -c %s.%Y.%i \"$1\"); ck=; s=; ")
                    .append("[ -r \"$2\" ] && read -r ck s < \"$2\"; ")
                    .append("if [ \"$ck\" != \"$k\" ]; then s=$(sha256sum \"$1\"); s=${s%% *}; fi; ")
                    .append("printf 'L\\t%s\\t%s\\n' \"$1\" \"$s\"; }\n");
            for (String p : large) sb.append("lf ").append(Shell.quote(p)).append(' ').append(Shell.quote(sumsFile(p))).append('\n');
        }
        for (String p : req.contents()) {
            String q = Shell.quote(p);
            sb.append("if [ -f ").append(q).append(" ]; then printf 'C\\t%s\\t%s\\n' ").append(q)
                    .append(" \"$(base64 -w0 < ").append(q).append(")\"; else printf 'C\\t%s\\tabsent\\n' ").append(q).append("; fi\n");
        }
        if (family != null) sb.append(packageQuery(req, family));
        if (!req.users().isEmpty()) {
            sb.append("getent passwd ").append(Shell.join(req.users().stream().toList()))
                    .append(" | while IFS= read -r l; do printf 'U\\t%s\\n' \"$l\"; done\n");
        }
        if (!req.units().isEmpty()) {
            sb.append("systemctl show -p Id -p UnitFileState -p ActiveState ").append(Shell.join(req.units().stream().toList()))
                    .append(" 2>/dev/null\n");
        }
        sb.append("true\n");
        return sb.toString();
    }

    private static String packageQuery(FactRequest req, Os.Family family) {
        if (req.packages().isEmpty()) return "";
        String names = Shell.join(req.packages().stream().toList());
        if (family == Os.Family.DEBIAN) {
            return "dpkg-query -W -f='P\\t${Package}\\t${db:Status-Abbrev}\\n' " + names + " 2>/dev/null\n";
        }
        return "rpm -q --qf 'P\\t%{NAME}\\tii\\n' " + names + " 2>/dev/null | grep '^P'\n";
    }

    /**
     * One script for a host whose OS is not known yet: it prints os-release (line "O base64")
     * and the facts of both families' steps, querying dpkg or rpm by what the host has. Saves
     * the round trip of reading os-release first.
     */
    public static String buildDetecting(FactRequest debian, FactRequest rhel) {
        var union = new FactRequest().addAll(debian).addAll(rhel);
        var sb = new StringBuilder(HEADER);
        sb.append("printf 'O\\t%s\\n' \"$(base64 -w0 /etc/os-release 2>/dev/null || base64 -w0 /usr/lib/os-release)\"\n");
        sb.append("for f in ").append(NOTIFIED_DIR).append("/*; do [ -f \"$f\" ] && printf 'N\\t%s\\n' \"${f##*/}\"; done\n");
        String body = build(union, null);
        sb.append(body, HEADER.length(), body.length() - "true\n".length());
        String deb = packageQuery(debian, Os.Family.DEBIAN);
        String rh = packageQuery(rhel, Os.Family.RHEL);
        if (!deb.isEmpty() || !rh.isEmpty()) {
            sb.append("if command -v dpkg-query >/dev/null 2>&1; then ").append(deb.isEmpty() ? ":\n" : deb)
                    .append("else ").append(rh.isEmpty() ? ":\n" : rh).append("fi\n");
        }
        sb.append("true\n");
        return sb.toString();
    }

    /** The file name under {@link #NOTIFIED_DIR} that stands for a handler. */
    public static String notifiedFile(String handler) {
        return handler.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The pending notifications a {@link #buildDetecting} script found (file names). */
    public static Set<String> notified(String out) {
        Set<String> names = new HashSet<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("N\t")) names.add(line.substring(2).strip());
        }
        return names;
    }

    /** The os-release text a {@link #buildDetecting} script printed. */
    public static String osRelease(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("O\t")) return new String(Base64.getDecoder().decode(line.substring(2).strip()), StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("no os-release in the facts output");
    }

    /** Parses the script's output; anything not reported is taken as absent/missing. */
    public static HostFacts parse(String out, FactRequest req, Os os) {
        Map<String, FileState> files = new LinkedHashMap<>();
        Map<String, String> contents = new HashMap<>();
        Set<String> pkgs = new HashSet<>();
        Map<String, UserState> users = new HashMap<>();
        Map<String, String[]> units = new HashMap<>();
        String currentUnit = null;
        Map<String, String> digests = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher h = SHA_LINE.matcher(line);
            if (h.matches()) {
                digests.put(h.group(2), h.group(1));
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "F" -> {
                    if (f.length >= 6) files.put(f[1], new FileState(f[1], f[2], f[3], f[4], f[5], null));
                }
                case "L" -> {
                    if (f.length >= 3 && !f[2].isEmpty()) digests.put(f[1], f[2]);
                }
                case "C" -> contents.put(f[1], f[2].equals("absent") ? null
                        : new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8));
                case "P" -> {
                    if (f.length >= 3 && f[2].startsWith("ii")) pkgs.add(f[1]);
                }
                case "U" -> {
                    UserState u = UserState.parse(line.substring(2));
                    users.put(u.name(), u);
                }
                default -> {
                    if (line.startsWith("Id=")) {
                        String id = line.substring(3).strip();
                        currentUnit = req.units().contains(id) ? id : id.replaceFirst("\\.service$", "");
                        units.put(currentUnit, new String[] {"", "inactive"});
                    } else if (currentUnit != null && line.startsWith("UnitFileState=")) {
                        units.get(currentUnit)[0] = line.substring("UnitFileState=".length()).strip();
                    } else if (currentUnit != null && line.startsWith("ActiveState=")) {
                        units.get(currentUnit)[1] = line.substring("ActiveState=".length()).strip();
                    }
                }
            }
        }
        for (var e : files.entrySet()) {
            FileState fs = e.getValue();
            if (fs.isFile() && digests.containsKey(e.getKey())) {
                e.setValue(new FileState(fs.path(), fs.type(), fs.owner(), fs.group(), fs.mode(), digests.get(e.getKey())));
            }
        }
        for (String p : req.files().keySet()) files.putIfAbsent(p, FileState.absent(p));
        for (String p : req.contents()) contents.putIfAbsent(p, null);
        Map<String, UnitState> unitStates = new HashMap<>();
        for (String u : req.units()) {
            String[] s = units.get(u);
            unitStates.put(u, s == null ? UnitState.missing(u) : new UnitState(u, s[0], s[1]));
        }
        return new HostFacts(os, files, contents, pkgs, users, unitStates);
    }
}
