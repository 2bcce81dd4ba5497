package dev.provision.facts;

import dev.provision.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the one shell script that reads every requested fact of a host, and parses its output.
 * The script only reads (check mode runs it too); each fact is one tab-separated line:
 * <pre>
 * F path type owner group mode sha256|-     (or: F path absent)
 * C path base64|absent
 * P name installed(1)
 * U getent-passwd-line
 * S unit  followed by systemctl show lines (UnitFileState=..., ActiveState=...)
 * </pre>
 */
public final class FactScript {
    /** Where provision records "size.mtime.inode sha256" of the big files it uploaded. */
    public static final String SUMS_DIR = "/var/lib/provision/sums";

    private FactScript() {}

    /** The cache file for a path's digest. */
    public static String sumsFile(String path) {
        return SUMS_DIR + "/" + path.replace('/', '_');
    }

    public static String build(FactRequest req, OsFamily family) {
        var sb = new StringBuilder();
        sb.append("T=$(printf '\\t')\n");
        sb.append("f() { if [ -e \"$1\" ] || [ -L \"$1\" ]; then s=$(stat -c \"%F$T%U$T%G$T%a\" \"$1\"); h=-; ")
                .append("if [ -f \"$1\" ]; then if [ \"$2\" = 1 ] && [ -f \"$3\" ] && [ \"$(cut -d' ' -f1 \"$3\")\" = \"$(stat -c %s.%Y.%i \"$1\")\" ]; ")
                .append("then h=$(cut -d' ' -f2 \"$3\"); else h=$(sha256sum \"$1\" | cut -d' ' -f1); fi; fi; ")
                .append("printf 'F\\t%s\\t%s\\t%s\\n' \"$1\" \"$s\" \"$h\"; else printf 'F\\t%s\\tabsent\\n' \"$1\"; fi; }\n");
        for (var e : req.files().entrySet()) {
            sb.append("f ").append(Shell.quote(e.getKey())).append(e.getValue() ? " 1 " : " 0 ")
                    .append(Shell.quote(sumsFile(e.getKey()))).append('\n');
        }
        for (String p : req.contents()) {
            String q = Shell.quote(p);
            sb.append("if [ -f ").append(q).append(" ]; then printf 'C\\t%s\\t%s\\n' ").append(q)
                    .append(" \"$(base64 -w0 < ").append(q).append(")\"; else printf 'C\\t%s\\tabsent\\n' ").append(q).append("; fi\n");
        }
        if (!req.packages().isEmpty()) {
            String names = Shell.join(req.packages().stream().toList());
            if (family == OsFamily.DEBIAN) {
                sb.append("dpkg-query -W -f='P\\t${Package}\\t${db:Status-Abbrev}\\n' ").append(names).append(" 2>/dev/null\n");
            } else {
                sb.append("rpm -q --qf 'P\\t%{NAME}\\tii\\n' ").append(names).append(" 2>/dev/null | grep '^P'\n");
            }
        }
        for (String u : req.users()) {
            sb.append("getent passwd ").append(Shell.quote(u)).append(" | sed 's/^/U\\t/'\n");
        }
        for (String u : req.units()) {
            sb.append("printf 'S\\t%s\\n' ").append(Shell.quote(u))
                    .append("; systemctl show -p UnitFileState -p ActiveState ").append(Shell.quote(u)).append(" 2>/dev/null\n");
        }
        sb.append("true\n");
        return sb.toString();
    }

    /** Parses the script's output; anything not reported is taken as absent/missing. */
    public static HostFacts parse(String out, FactRequest req, OsInfo os) {
        Map<String, FileState> files = new LinkedHashMap<>();
        Map<String, String> contents = new HashMap<>();
        Set<String> pkgs = new HashSet<>();
        Map<String, UserState> users = new HashMap<>();
        Map<String, String[]> units = new HashMap<>();
        String currentUnit = null;
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "F" -> {
                    if (f.length >= 3 && f[2].equals("absent")) files.put(f[1], FileState.absent(f[1]));
                    else if (f.length >= 7)
                        files.put(f[1], new FileState(f[1], f[2], f[3], f[4], f[5], f[6].equals("-") ? null : f[6]));
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
                case "S" -> {
                    currentUnit = f[1];
                    units.put(currentUnit, new String[] {"", "inactive"});
                }
                default -> {
                    if (currentUnit != null && line.startsWith("UnitFileState=")) {
                        units.get(currentUnit)[0] = line.substring("UnitFileState=".length()).strip();
                    } else if (currentUnit != null && line.startsWith("ActiveState=")) {
                        units.get(currentUnit)[1] = line.substring("ActiveState=".length()).strip();
                    }
                }
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
