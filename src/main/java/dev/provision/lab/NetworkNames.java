package dev.provision.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of a lab's kernel objects. Linux interface names are at most 15 characters, so the
 * bridge is "pv-" + the lab name (at most 12) and a host's veth end is "pv" + a short hash of
 * the lab name + the host's short id, unique per lab and recognisable as ours.
 */
public final class NetworkNames {
    public static final int IFNAMSIZ = 15;

    private NetworkNames() {}

    public static String bridge(String lab) {
        return check("pv-" + lab);
    }

    /** The network namespace of one host (its name in /run/netns). */
    public static String netns(String lab, LabHost host) {
        return netnsPrefix(lab) + host.name();
    }

    /** Every network namespace of lab {@code lab} starts with this. */
    public static String netnsPrefix(String lab) {
        return "pv-" + lab + "-";
    }

    /** The host-side end of one host's veth pair (the other end is eth0 in its namespace). */
    public static String veth(String lab, LabHost host) {
        return check(vethPrefix(lab) + host.shortId());
    }

    /** Every host-side veth of lab {@code lab} starts with this. */
    public static String vethPrefix(String lab) {
        return "pv" + shortHash(lab) + "-";
    }

    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String check(String ifname) {
        if (ifname.length() > IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + ifname);
        }
        return ifname;
    }
}
