package dev.provision.facts;

import dev.provision.ProvisionException;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a host runs, as {@code /etc/os-release} says: distribution, version, and the family that
 * decides package manager and package names. The one OS model of provision: {@code ping} shows
 * it, the engine compiles a host's steps for it, the operations pick their commands by it.
 *
 * @param id ID, e.g. "debian", "centos", "rocky"
 * @param versionId VERSION_ID, e.g. "12", "7", "9.3"; empty when the file has none (Debian testing)
 * @param family debian (apt) or rhel (yum/dnf), from ID and ID_LIKE; {@link Family#UNKNOWN} otherwise
 * @param prettyName PRETTY_NAME, for reports
 */
public record Os(String id, String versionId, Family family, String prettyName) {

    /** Distribution families; the playbooks and operations know the first two. */
    public enum Family {
        DEBIAN,
        RHEL,
        UNKNOWN;

        /** The key used in playbooks for per-family values and in summaries: "debian", "rhel", "unknown". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads the file, or the /usr/lib copy that os-release(5) names as the fallback. */
    public static final RemoteCommand READ =
            RemoteCommand.shell("cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release");

    /** A host of the given distribution and version, as its os-release would say (tests, validation). */
    public static Os of(String id, String versionId) {
        return parse("ID=" + id + "\nVERSION_ID=" + versionId + "\n");
    }

    /**
     * Reads and parses the host's os-release.
     *
     * @throws ProvisionException exit 1 when the host has no os-release file
     */
    public static Os read(Connector connector) {
        ExecResult r = connector.run(READ);
        if (!r.ok()) {
            throw ProvisionException.failed(connector.host().label() + ": cannot read /etc/os-release: " + r.errorText());
        }
        return parse(r.stdout());
    }

    /** Parses os-release text (KEY=value lines, values optionally quoted, # comments). */
    public static Os parse(String text) {
        Map<String, String> fields = fields(text);
        String id = fields.getOrDefault("ID", "linux").toLowerCase(Locale.ROOT);
        String like = fields.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT);
        return new Os(
                id,
                fields.getOrDefault("VERSION_ID", ""),
                familyOf(id, like),
                fields.getOrDefault("PRETTY_NAME", fields.getOrDefault("NAME", id)));
    }

    /** This OS, if provision can deploy to it; else refused (exit 1) with its ID named. */
    public Os supported() {
        if (family == Family.UNKNOWN) {
            throw ProvisionException.failed("unsupported operating system '" + summary()
                    + "': provision knows the Debian family (apt) and the RHEL family (yum/dnf)");
        }
        return this;
    }

    /** "apt"; "yum" on RHEL 7 and older; "dnf" from 8 (and when the version is unknown); "" for an unknown family. */
    public String packageManager() {
        return switch (family) {
            case DEBIAN -> "apt";
            case RHEL -> majorBelow8() ? "yum" : "dnf";
            case UNKNOWN -> "";
        };
    }

    /** Major version: "9" for "9.3", "" when unknown. */
    public String majorVersion() {
        int dot = versionId.indexOf('.');
        return dot < 0 ? versionId : versionId.substring(0, dot);
    }

    /** CentOS 7: end of life, its mirrors moved to the vault archive. */
    public boolean isCentos7() {
        return "centos".equals(id) && majorVersion().equals("7");
    }

    /** "debian 12", or "centos 7 (rhel)" when the id is not the family's name. */
    public String summary() {
        String s = versionId.isEmpty() ? id : id + " " + versionId;
        return id.equals(family.key()) ? s : s + " (" + family.key() + ")";
    }

    private boolean majorBelow8() {
        try {
            return Integer.parseInt(majorVersion()) < 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Family familyOf(String id, String idLike) {
        List<String> names = new ArrayList<>();
        names.add(id);
        names.addAll(Arrays.asList(idLike.split("\\s+")));
        for (String n : names) {
            switch (n) {
                case "debian", "ubuntu" -> {
                    return Family.DEBIAN;
                }
                case "rhel", "centos", "fedora", "rocky", "almalinux", "ol" -> {
                    return Family.RHEL;
                }
                default -> {}
            }
        }
        return Family.UNKNOWN;
    }

    private static Map<String, String> fields(String text) {
        var out = new HashMap<String, String>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            out.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return out;
    }

    /** Shell-style value: "double quoted" with backslash escapes, 'single quoted', or bare. */
    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            var sb = new StringBuilder();
            String inner = v.substring(1, v.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) c = inner.charAt(++i);
                sb.append(c);
            }
            return sb.toString();
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) return v.substring(1, v.length() - 1);
        return v;
    }
}
