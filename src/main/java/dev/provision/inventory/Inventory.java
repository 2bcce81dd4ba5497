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
 * @param origins host name -> variable name -> where its value was written ({@link #origin})
 */
public record Inventory(Path source, List<Host> hosts, Map<String, Group> groups, List<String> warnings,
        Map<String, Map<String, String>> origins) {

    /** An inventory whose variables' origins are unknown (built in code, not read from a file). */
    public Inventory(Path source, List<Host> hosts, Map<String, Group> groups, List<String> warnings) {
        this(source, hosts, groups, warnings, Map.of());
    }

    /**
     * Where the value a host has for a variable was written, as {@code FILE:LINE: KEY.PATH}, so a
     * check made later (with the playbooks' defaults) can point at the line to change.
     */
    public Optional<String> origin(String host, String variable) {
        return Optional.ofNullable(origins.getOrDefault(host, Map.of()).get(variable));
    }

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
