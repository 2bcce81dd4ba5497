package dev.provision.lab;

import dev.provision.ProvisionException;
import java.util.regex.Pattern;

/**
 * A lab subnet: a /24 inside 198.18.0.0/15, the range RFC 2544 reserves for network test labs,
 * so a lab can never clash with (or send traffic to) a real network.
 */
public record Subnet(int a, int b, int c) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Parses "198.18.N.0/24"; anything else fails with exit 2 and says what is accepted. */
    public static Subnet parse(String cidr) {
        var m = CIDR.matcher(cidr == null ? "" : cidr.strip());
        if (!m.matches()) {
            throw invalid(cidr, "not an IPv4 CIDR like 198.18.0.0/24");
        }
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = Integer.parseInt(m.group(i + 1));
            if (o[i] > 255) {
                throw invalid(cidr, "octet " + o[i] + " is above 255");
            }
        }
        if (!m.group(5).equals("24")) {
            throw invalid(cidr, "only /24 subnets are supported");
        }
        if (o[3] != 0) {
            throw invalid(cidr, "the network address of a /24 ends in .0");
        }
        if (o[0] != 198 || (o[1] != 18 && o[1] != 19)) {
            throw invalid(cidr, "must lie inside 198.18.0.0/15 (reserved for test labs)");
        }
        return new Subnet(o[0], o[1], o[2]);
    }

    /** The address ending in {@code host} (1-254). */
    public String address(int host) {
        if (host < 1 || host > 254) {
            throw new IllegalArgumentException("host part out of range: " + host);
        }
        return a + "." + b + "." + c + "." + host;
    }

    public int prefixLength() {
        return 24;
    }

    @Override
    public String toString() {
        return a + "." + b + "." + c + ".0/24";
    }

    private static ProvisionException invalid(String cidr, String why) {
        return ProvisionException.invalidInput("--subnet '" + cidr + "': " + why);
    }
}
