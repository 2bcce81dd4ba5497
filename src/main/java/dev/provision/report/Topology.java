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
 * @param services every declared service with its gateway route (empty: only {@code serviceName} at "/")
 * @param brokers the broker hosts (group brokers), empty without a broker
 */
public record Topology(List<TopologyHost> hosts, String serviceName, int servicePort, int lbPort, int statsPort,
        List<Service> services, List<String> brokers) {
    public Topology {
        hosts = List.copyOf(hosts);
        services = services == null ? List.of() : List.copyOf(services);
        brokers = brokers == null ? List.of() : List.copyOf(brokers);
    }

    public Topology(List<TopologyHost> hosts, String serviceName, int servicePort, int lbPort, int statsPort) {
        this(hosts, serviceName, servicePort, lbPort, statsPort, List.of(), List.of());
    }

    /**
     * A declared service as the diagram names it.
     *
     * @param name its name
     * @param route its gateway route
     * @param port the port its instances serve on
     * @param group the inventory group of its hosts
     */
    public record Service(String name, String route, int port, String group) {}

    /** The routes, for a label: "/ \u2192 web :8080, /orders \u2192 orders :8090"; empty with only the one service. */
    public String routes() {
        return String.join(", ", services.stream().map(s -> s.route() + " \u2192 " + s.name() + " :" + s.port()).toList());
    }

    public List<TopologyHost> with(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    Topology redacted(UnaryOperator<String> r) {
        return new Topology(hosts.stream().map(h -> h.redacted(r)).toList(), r.apply(serviceName), servicePort,
                lbPort, statsPort, services.stream().map(s -> new Service(r.apply(s.name()), r.apply(s.route()), s.port(),
                        r.apply(s.group()))).toList(), brokers.stream().map(r).toList());
    }
}
