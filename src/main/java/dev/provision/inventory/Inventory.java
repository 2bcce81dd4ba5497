package dev.provision.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated inventory: the hosts in file order, and the groups by name.
 *
 * @param source the file it was read from
 * @param hosts every host, in the order the file first names them
 * @param groups every group by name, "all" included
 * @param warnings things worth saying that do not stop a run (an unknown variable, say),
 *     each naming file, line and key
 */
public record Inventory(Path source, List<Host> hosts, Map<String, Group> groups, List<String> warnings) {

    /** Hosts that have a role, in inventory order. */
    public List<Host> hostsWith(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    /** Hosts in a group, directly or through its children, in inventory order. */
    public List<Host> hostsIn(String group) {
        return hosts.stream().filter(h -> h.groups().contains(group)).toList();
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
