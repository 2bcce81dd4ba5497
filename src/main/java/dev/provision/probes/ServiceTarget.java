package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import java.util.List;

/**
 * A declared service as the probes see it: its Consul name, the group and hosts that run it,
 * its port, health path and gateway route. Read from the deployment model, never written in a
 * probe.
 *
 * @param name the Consul service, the systemd unit and the HAProxy backend ("orders")
 * @param group the inventory group of its hosts
 * @param port the port each instance serves on
 * @param health the health-check path
 * @param route the gateway's path prefix ("/" for the default backend)
 * @param hosts the hosts that run it, in inventory order
 */
public record ServiceTarget(String name, String group, int port, String health, String route, List<Host> hosts) {
    public ServiceTarget {
        hosts = List.copyOf(hosts);
    }

    /**
     * The path a request for the service's identity takes through the gateway: the route, with
     * a slash after a prefix ("/orders" gives "/orders/"), so it falls under the prefix.
     */
    public String identityPath() {
        return route.endsWith("/") ? route : route + "/";
    }

    /** The deployment's services ({@link Deployment#services()}): the built-in web first, then the declared ones. */
    public static List<ServiceTarget> of(Deployment d) {
        return d.services().stream()
                .map(s -> new ServiceTarget(s.name(), s.group(), s.port(), s.health(), s.route(), s.hosts())).toList();
    }
}
