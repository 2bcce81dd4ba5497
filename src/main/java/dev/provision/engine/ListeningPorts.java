package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before any host is touched, a host on which two services would listen on the same
 * port: {@code lb_port == stats_port}, or a host in two roles whose ports collide
 * ({@code service_port: 80} on a balancer that is also a replica), or a port Consul's agent
 * already holds. A host in several roles is allowed; only its ports must differ.
 */
final class ListeningPorts {
    /** Consul's agent on every host (consul.json keeps its default ports); 8300 on servers only. */
    private static final Map<Integer, String> CONSUL_AGENT = Map.of(
            8301, "Consul's LAN gossip port 8301", 8302, "Consul's WAN gossip port 8302",
            8500, "Consul's HTTP port 8500", 8600, "Consul's DNS port 8600");

    private ListeningPorts() {}

    /** @param vars the host's variables with the playbooks' defaults */
    static List<String> clashes(Host host, Map<String, Object> vars, Inventory inventory, Path defaults) {
        List<Listener> listeners = new ArrayList<>();
        CONSUL_AGENT.forEach((port, what) -> listeners.add(new Listener(port, what, null)));
        if (host.has(Role.CONSUL_SERVER)) listeners.add(new Listener(8300, "Consul's server RPC port 8300", null));
        if (host.has(Role.SERVICE)) listeners.add(variable(vars, "service_port"));
        if (host.has(Role.LOAD_BALANCER)) {
            listeners.add(variable(vars, "lb_port"));
            listeners.add(variable(vars, "stats_port"));
        }
        List<String> problems = new ArrayList<>();
        Map<Integer, Listener> seen = new LinkedHashMap<>();
        listeners.sort(java.util.Comparator.comparing(l -> l.variable != null)); // fixed ports first
        for (Listener l : listeners) {
            if (l.port == null) continue;
            Listener first = seen.putIfAbsent(l.port, l);
            if (first == null) continue;
            // Point at the line to change: this variable's, else the other's, else the defaults.
            String where = inventory.origin(host.name(), l.variable)
                    .or(() -> first.variable == null ? java.util.Optional.empty() : inventory.origin(host.name(), first.variable))
                    .orElse(defaults + ": vars." + l.variable);
            problems.add(where + ": " + l.what + " is also " + first.what + " on host " + host.name()
                    + " (both would listen on it); give each its own port");
        }
        return problems;
    }

    static void check(List<String> problems) {
        if (!problems.isEmpty()) throw ProvisionException.invalidInput(String.join("\n", problems));
    }

    private static Listener variable(Map<String, Object> vars, String name) {
        Object v = vars.get(name);
        Integer port = v instanceof Integer i ? i : v == null ? null : parse(String.valueOf(v));
        return new Listener(port, name + " " + port, name);
    }

    private static Integer parse(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null; // not a number: the types say so elsewhere
        }
    }

    private record Listener(Integer port, String what, String variable) {}
}
