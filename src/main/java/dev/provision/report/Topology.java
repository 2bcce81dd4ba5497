package dev.provision.report;

import dev.provision.inventory.Role;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The deployment as measured against: who balances, who serves, who keeps the catalog.
 *
 * @param hosts every inventory host, in inventory order
 * @param serviceName the Consul service the replicas register ("web")
 * @param servicePort the port each replica serves on
 * @param lbPort the port the balancer serves clients on
 * @param statsPort the port of HAProxy's stats page
 */
public record Topology(List<TopologyHost> hosts, String serviceName, int servicePort, int lbPort, int statsPort) {
    public Topology {
        hosts = List.copyOf(hosts);
    }

    public List<TopologyHost> with(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    Topology redacted(UnaryOperator<String> r) {
        return new Topology(hosts.stream().map(h -> h.redacted(r)).toList(), r.apply(serviceName), servicePort,
                lbPort, statsPort);
    }
}
