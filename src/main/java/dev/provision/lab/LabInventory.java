package dev.provision.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders a lab's inventory in the Ansible YAML format the rest of provision reads: groups
 * consul_servers, load_balancers and services under {@code all.children}, each host with its
 * connection variables, then {@code brokers} naming hosts already listed (a second role, no
 * extra host), and the lab's artifact directory and versions under {@code all.vars}.
 */
public final class LabInventory {
    public static final String CONSUL_VERSION = "1.8.7";
    public static final String HAPROXY_VERSION = "2.6.12";
    /** bookworm's nats-server, which the lab repackages as the vendor's release. */
    public static final String NATS_VERSION = "2.9.10";
    public static final String BROKERS = "brokers";

    private LabInventory() {}

    public static String render(String lab, Subnet subnet, List<LabHost> hosts, Path key, Path artifactsDir) {
        return render(lab, subnet, hosts, key, artifactsDir, List.of());
    }

    /**
     * The brokers of a lab with {@code count} of them: the first Consul server's host first, then
     * the replicas, the balancer (it is busiest with traffic), the further Consul servers last (so
     * adding servers never moves a broker); at most every host.
     */
    public static List<LabHost> brokers(List<LabHost> hosts, int count) {
        var order = new java.util.ArrayList<LabHost>();
        List<LabHost> servers = hosts.stream().filter(h -> h.group().equals(LabHost.CONSUL_SERVERS)).toList();
        order.addAll(servers.subList(0, Math.min(1, servers.size())));
        for (String g : List.of(LabHost.SERVICES, LabHost.LOAD_BALANCERS)) {
            for (LabHost h : hosts) if (h.group().equals(g)) order.add(h);
        }
        order.addAll(servers.subList(Math.min(1, servers.size()), servers.size()));
        return List.copyOf(order.subList(0, Math.min(count, order.size())));
    }

    public static String render(String lab, Subnet subnet, List<LabHost> hosts, Path key, Path artifactsDir,
            List<LabHost> brokers) {
        return render(lab, subnet, hosts, key, artifactsDir, brokers, dev.provision.engine.ServiceJar.ordersPath());
    }


    /**
     * The lab's services beside web: the orders sample, from the jar built beside the tool, at
     * /orders on the replicas (port 8090), its SHA-256 taken when the inventory is written (a
     * rebuilt jar is refused by up until {@code lab up} writes the inventory again). Without the
     * jar (a tool built without it) the lab has web only.
     */
    static String services(Path ordersJar, boolean brokers) {
        if (ordersJar == null || !java.nio.file.Files.isRegularFile(ordersJar)) return "";
        return "    services:\n"
                + "      - name: orders\n"
                + "        hosts: " + LabHost.SERVICES + "\n"
                + "        port: 8090\n"
                + "        route: /orders\n"
                + "        jar: " + ordersJar + "\n"
                + "        sha256: " + dev.provision.digest.Sha256.ofUncached(ordersJar) + "\n"
                + "        args: \"--port ${SERVICE_PORT} --replica ${SERVICE_HOST} --address ${SERVICE_ADDRESS} --drain-seconds 5"
                + (brokers ? " --broker-service nats --consul-http http://127.0.0.1:8500" : "") + "\"\n";
    }

    static String render(String lab, Subnet subnet, List<LabHost> hosts, Path key, Path artifactsDir, List<LabHost> brokers,
            Path ordersJar) {
        var y = new StringBuilder();
        y.append("# Written by `provision lab up` for lab \"").append(lab).append("\" (").append(subnet)
                .append("); rewritten on every lab up.\n");
        y.append("all:\n");
        y.append("  vars:\n");
        y.append("    artifacts_dir: ").append(artifactsDir).append('\n');
        y.append("    consul_version: \"").append(CONSUL_VERSION).append("\"\n");
        y.append("    haproxy_version: \"").append(HAPROXY_VERSION).append("\"\n");
        y.append("    nats_version: \"").append(NATS_VERSION).append("\"\n");
        y.append(services(ordersJar, !brokers.isEmpty()));
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
        if (!brokers.isEmpty()) {
            // A second group for hosts listed above: the broker shares their host (Ansible merges them).
            y.append("    ").append(BROKERS).append(":\n");
            y.append("      hosts:\n");
            for (LabHost h : brokers) y.append("        ").append(h.name()).append(":\n");
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
