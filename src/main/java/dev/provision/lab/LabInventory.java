package dev.provision.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders a lab's inventory in the Ansible YAML format the rest of provision reads: groups
 * consul_servers, load_balancers and services under {@code all.children}, each host with its
 * connection variables, and the lab's artifact directory and versions under {@code all.vars}.
 */
public final class LabInventory {
    public static final String CONSUL_VERSION = "1.8.7";
    public static final String HAPROXY_VERSION = "2.6.12";

    private LabInventory() {}

    public static String render(String lab, Subnet subnet, List<LabHost> hosts, Path key, Path artifactsDir) {
        var y = new StringBuilder();
        y.append("# Written by `provision lab up` for lab \"").append(lab).append("\" (").append(subnet)
                .append("); rewritten on every lab up.\n");
        y.append("all:\n");
        y.append("  vars:\n");
        y.append("    artifacts_dir: ").append(artifactsDir).append('\n');
        y.append("    consul_version: \"").append(CONSUL_VERSION).append("\"\n");
        y.append("    haproxy_version: \"").append(HAPROXY_VERSION).append("\"\n");
        y.append("  children:\n");
        for (String group : List.of(LabHost.CONSUL_SERVERS, LabHost.LOAD_BALANCERS, LabHost.SERVICES)) {
            y.append("    ").append(group).append(":\n");
            y.append("      hosts:\n");
            for (LabHost h : hosts) {
                if (h.group().equals(group)) {
                    y.append("        ").append(h.name()).append(":\n");
                    y.append("          ansible_host: ").append(h.address()).append('\n');
                    y.append("          ansible_user: ").append(HostRoot.USER).append('\n');
                    y.append("          ansible_ssh_private_key_file: ").append(key).append('\n');
                }
            }
        }
        return y.toString();
    }

    /** known_hosts lines for the hosts: "ADDRESS KEYTYPE KEY" (port 22 needs no [addr]:port form). */
    public static String knownHosts(List<LabHost> hosts, java.util.function.Function<LabHost, String> hostKey) {
        var k = new StringBuilder();
        for (LabHost h : hosts) {
            String[] f = hostKey.apply(h).strip().split("\\s+");
            k.append(h.address()).append(' ').append(f[0]).append(' ').append(f[1]).append('\n');
        }
        return k.toString();
    }
}
