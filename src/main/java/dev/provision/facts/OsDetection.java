package dev.provision.facts;

import dev.provision.ProvisionException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads /etc/os-release into an {@link OsInfo}. Engine-private until the shared os-release
 * reader lands; the command and parser are kept together, like every fact.
 */
public final class OsDetection {
    public static final String COMMAND = "cat /etc/os-release";

    private OsDetection() {}

    /** Parses os-release text; unknown families are refused with the ID named. */
    public static OsInfo parse(String osRelease) {
        Map<String, String> kv = new HashMap<>();
        for (String line : osRelease.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) continue;
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) v = v.substring(1, v.length() - 1);
            kv.put(line.substring(0, eq).strip(), v);
        }
        String id = kv.getOrDefault("ID", "").toLowerCase();
        String version = kv.getOrDefault("VERSION_ID", "");
        List<String> like = Arrays.asList(kv.getOrDefault("ID_LIKE", "").toLowerCase().split("\\s+"));
        if (id.equals("debian") || id.equals("ubuntu") || like.contains("debian")) {
            return new OsInfo(id, version, OsFamily.DEBIAN, "apt");
        }
        if (List.of("rhel", "centos", "rocky", "almalinux", "fedora", "ol").contains(id)
                || like.contains("rhel") || like.contains("fedora") || like.contains("centos")) {
            int major = parseMajor(version);
            return new OsInfo(id, version, OsFamily.RHEL, major > 0 && major < 8 ? "yum" : "dnf");
        }
        throw ProvisionException.failed("unsupported operating system '" + id + "' (os-release ID): "
                + "provision knows the Debian family (apt) and the RHEL family (yum/dnf)");
    }

    private static int parseMajor(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
