package dev.provision.report;

import dev.provision.inventory.Role;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A host as the topology diagram draws it.
 *
 * @param name inventory name
 * @param address the address the controller reaches it at
 * @param roles its roles in the deployment
 * @param ports the TCP ports its role opens, in the order to show them
 * @param extras what else it runs, beyond its role, in words ("orders :8090", "NATS broker :4222")
 */
public record TopologyHost(String name, String address, Set<Role> roles, List<Integer> ports, List<String> extras) {
    public TopologyHost {
        roles = Set.copyOf(roles);
        ports = List.copyOf(ports);
        extras = extras == null ? List.of() : List.copyOf(extras);
    }

    public TopologyHost(String name, String address, Set<Role> roles, List<Integer> ports) {
        this(name, address, roles, ports, List.of());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    TopologyHost redacted(UnaryOperator<String> r) {
        return new TopologyHost(r.apply(name), r.apply(address), roles, ports, extras.stream().map(r).toList());
    }
}
