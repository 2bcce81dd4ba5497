package dev.provision.inventory;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deployment's rule on groups: at least one host in each role group, every host in one of
 * them; an even number of Consul servers is allowed but warned about.
 */
public final class RoleGroups {
    private RoleGroups() {}

    public static void check(Inventory inventory, InventoryLines lines, Problems problems) {
        Map<Role, String> why = Map.of(
                Role.CONSUL_SERVER, "the Consul server",
                Role.LOAD_BALANCER, "where HAProxy runs",
                Role.SERVICE, "the microservice replicas");
        for (Role role : Role.values()) {
            String g = role.group();
            if (!inventory.groups().containsKey(g)) {
                problems.error(lines.root(), "all.children", "no '" + g + "' group: the deployment needs at least one host in it ("
                        + why.get(role) + ")");
            } else if (inventory.hostsIn(g).isEmpty()) {
                problems.error(lines.groups().get(g), g, "group '" + g + "' has no hosts: it needs at least one ("
                        + why.get(role) + ")");
            }
        }
        String servers = Role.CONSUL_SERVER.group();
        int serverCount = inventory.hostsIn(servers).size();
        if (serverCount % 2 == 0 && serverCount > 0) {
            // Allowed (Consul runs), but an even count buys nothing: a majority of 2 is 2.
            problems.warning(lines.groups().get(servers), servers + ": " + serverCount + " Consul servers: Consul needs a"
                    + " majority of them up, so " + serverCount + " tolerate no more failures than " + (serverCount - 1)
                    + "; use an odd number (1, 3, 5)");
        }
        String roleGroups = Arrays.stream(Role.values()).map(Role::group).collect(Collectors.joining(", "));
        for (Host h : inventory.hosts()) {
            if (h.roles().isEmpty()) {
                problems.error(lines.hosts().get(h.name()), h.name(), "host '" + h.name() + "' is in no role group: put it in one of "
                        + roleGroups);
            }
        }
    }
}
