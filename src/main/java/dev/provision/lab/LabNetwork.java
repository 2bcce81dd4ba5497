package dev.provision.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab's network: one bridge holding the subnet's .1, and per host a network namespace whose
 * {@code eth0} is one end of a veth pair plugged into the bridge. No forwarding or NAT is set
 * up: hosts reach only the bridge (the package cache) and each other.
 */
public final class LabNetwork {
    private static final Duration T = Duration.ofSeconds(30);

    private final String lab;
    private final AddressPlan plan;

    public LabNetwork(String lab, AddressPlan plan) {
        this.lab = lab;
        this.plan = plan;
    }

    public String bridge() {
        return NetworkNames.bridge(lab);
    }

    /**
     * Creates the bridge with its address, or completes one an interrupted run left half made.
     * Returns true when its address was (re)added, so whatever listens on it must restart.
     */
    public boolean ensureBridge() {
        String br = bridge();
        if (!linkExists(br)) {
            LocalCommand.check(T, "ip", "link", "add", br, "type", "bridge");
        }
        boolean changed = false;
        String cidr = plan.bridgeAddress() + "/" + plan.subnet().prefixLength();
        if (!LocalCommand.check(T, "ip", "-o", "addr", "show", "dev", br).contains(" " + cidr + " ")) {
            LocalCommand.check(T, "ip", "addr", "add", cidr, "dev", br);
            changed = true;
        }
        LocalCommand.check(T, "ip", "link", "set", br, "up");
        // Even where this machine forwards IPv4, packets from the lab are never routed onwards.
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/sys/net/ipv4/conf/" + br + "/forwarding"), "0\n");
        } catch (java.io.IOException e) {
            throw dev.provision.ProvisionException.failed("cannot turn off forwarding on " + br + ": " + e.getMessage());
        }
        return changed;
    }

    /** Whether the host's namespace exists with its eth0 addressed and its veth on the bridge. */
    public boolean hostLinkReady(LabHost host) {
        String ns = NetworkNames.netns(lab, host);
        if (!netnsList().contains(ns) || !linkExists(NetworkNames.veth(lab, host))) {
            return false;
        }
        var r = LocalCommand.run(T, List.of("ip", "-n", ns, "-o", "addr", "show", "dev", "eth0"));
        return r.ok() && r.stdout().contains(" " + host.address() + "/");
    }

    /** (Re)creates the host's namespace and veth pair from scratch. */
    public void createHostLink(LabHost host) {
        removeHostLink(host);
        String ns = NetworkNames.netns(lab, host);
        String veth = NetworkNames.veth(lab, host);
        LocalCommand.check(T, "ip", "netns", "add", ns);
        LocalCommand.check(T, "ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        LocalCommand.check(T, "ip", "link", "set", veth, "master", bridge(), "up");
        LocalCommand.check(T, "ip", "-n", ns, "addr", "add", host.address() + "/" + plan.subnet().prefixLength(), "dev", "eth0");
        LocalCommand.check(T, "ip", "-n", ns, "link", "set", "lo", "up");
        LocalCommand.check(T, "ip", "-n", ns, "link", "set", "eth0", "up");
        LocalCommand.check(T, "ip", "-n", ns, "route", "add", "default", "via", plan.bridgeAddress());
        // The new eth0 has a new MAC: forget the old one, or this machine keeps sending to it for ~30 s.
        LocalCommand.run(T, List.of("ip", "neigh", "flush", "to", host.address(), "dev", bridge()));
    }

    /** Path of the host's namespace, for {@code systemd-nspawn --network-namespace-path}. */
    public String netnsPath(LabHost host) {
        return "/run/netns/" + NetworkNames.netns(lab, host);
    }

    public void removeHostLink(LabHost host) {
        String ns = NetworkNames.netns(lab, host);
        if (netnsList().contains(ns)) {
            LocalCommand.check(T, "ip", "netns", "delete", ns);
        }
        deleteLink(NetworkNames.veth(lab, host));
    }

    /** Removes every namespace, veth and the bridge of this lab, whatever state left them. */
    public static void removeAll(String lab) {
        for (String ns : netnsList()) {
            if (ns.startsWith(NetworkNames.netnsPrefix(lab))) {
                LocalCommand.check(T, "ip", "netns", "delete", ns);
            }
        }
        for (String link : links()) {
            if (link.startsWith(NetworkNames.vethPrefix(lab))) {
                deleteLink(link);
            }
        }
        deleteLink(NetworkNames.bridge(lab));
    }

    /** Deleting a namespace removes its veth pair asynchronously: a link that vanishes meanwhile is fine. */
    static void deleteLink(String name) {
        if (linkExists(name)) {
            var r = LocalCommand.run(T, java.util.List.of("ip", "link", "delete", name));
            if (!r.ok() && linkExists(name)) {
                LocalCommand.check(r);
            }
        }
    }

    /** What of lab {@code lab} is left in the kernel: namespaces and links; empty when clean. */
    public static List<String> leftovers(String lab) {
        var left = new ArrayList<String>();
        for (String ns : netnsList()) {
            if (ns.startsWith(NetworkNames.netnsPrefix(lab))) {
                left.add("netns " + ns);
            }
        }
        for (String link : links()) {
            if (link.startsWith(NetworkNames.vethPrefix(lab)) || link.equals(NetworkNames.bridge(lab))) {
                left.add("link " + link);
            }
        }
        return left;
    }

    static boolean linkExists(String name) {
        return LocalCommand.succeeds(T, "ip", "link", "show", "dev", name);
    }

    static List<String> netnsList() {
        var names = new ArrayList<String>();
        for (String line : LocalCommand.check(T, "ip", "netns", "list").lines().toList()) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    static List<String> links() {
        var names = new ArrayList<String>();
        for (String line : LocalCommand.check(T, "ip", "-o", "link", "show").lines().toList()) {
            // "7: pvab12-w1@if2: <BROADCAST,...": the name sits between the first ": " and '@' or ':'
            String[] f = line.split(": ", 3);
            if (f.length >= 2) {
                names.add(f[1].split("@")[0].strip());
            }
        }
        return names;
    }
}
