package dev.provision.deployment;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before any host is touched, a host on which two services would listen on the same
 * port: {@code lb_port == stats_port}, or a host in two roles whose ports collide
 * ({@code service_port: 80} on a balancer that is also a replica), or a port Consul's agent
 * already holds. A host in several roles is allowed; only its ports must differ.
 */
public final class PortClashes {
    private PortClashes() {}

    /** Each clash on the host, naming the line to change: this variable's, else the other's, else the default's. */
    public static List<String> on(Deployment deployment, Host host) {
        List<Deployment.Listener> listeners = new ArrayList<>(deployment.listeners(host));
        listeners.sort(Comparator.comparing(l -> l.variable() != null)); // fixed ports first
        List<String> problems = new ArrayList<>();
        Map<Integer, Deployment.Listener> seen = new LinkedHashMap<>();
        for (Deployment.Listener l : listeners) {
            Deployment.Listener first = seen.putIfAbsent(l.port(), l);
            if (first == null || first.spec() == l.spec()) continue;
            String where = (l.origin() != null ? java.util.Optional.of(l.origin())
                    : l.variable() == null ? java.util.Optional.<String>empty()
                    : deployment.inventory().origin(host.name(), l.variable()))
                    .or(() -> first.origin() != null ? java.util.Optional.of(first.origin())
                            : first.variable() == null ? java.util.Optional.empty()
                            : deployment.inventory().origin(host.name(), first.variable()))
                    .orElse(deployment.playbook().dir().resolve("defaults.yaml") + ": vars." + l.variable());
            problems.add(where + ": " + l.what() + " is also " + first.what() + " on host " + host.name()
                    + " (both would listen on it); give each its own port");
        }
        return problems;
    }

    /** Fails with every clash found, exit 2. */
    public static void check(List<String> problems) {
        if (!problems.isEmpty()) throw ProvisionException.invalidInput(String.join("\n", problems));
    }
}
