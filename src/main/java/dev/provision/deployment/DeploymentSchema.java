package dev.provision.deployment;

import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.InventoryLines;
import dev.provision.inventory.Problems;
import dev.provision.inventory.Variable;
import dev.provision.inventory.VariableRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What playbooks/variables.yaml declares: the deployment's variables with their types, the
 * name prefixes accepted without a warning, and its roles with their ports. As
 * {@link VariableRules} it checks an inventory while it is read.
 *
 * @param variables by name, in declaration order
 * @param roles in declaration order, "all" included
 */
public record DeploymentSchema(Map<String, Variable> variables, List<String> acceptedPrefixes, List<RoleSpec> roles)
        implements VariableRules {

    /** No declarations: Ansible's rules only (a playbooks folder without variables.yaml). */
    public static final DeploymentSchema EMPTY = new DeploymentSchema(Map.of(), List.of(), List.of());

    @Override
    public Optional<Variable> find(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    @Override
    public List<String> names() {
        return List.copyOf(variables.keySet());
    }

    @Override
    public boolean isKnown(String name) {
        return variables.containsKey(name) || acceptedPrefixes.stream().anyMatch(name::startsWith);
    }

    /** True for a declared secret: kept as a Secret, masked everywhere, never quoted in a message. */
    public boolean isSecret(String name) {
        return find(name).map(Variable::secret).orElse(false);
    }

    /** The roles that are groups of their own (every role but "all"). */
    public List<RoleSpec> roleGroups() {
        return roles.stream().filter(r -> !r.everyHost()).toList();
    }

    /**
     * At least one host in each role group but the optional ones, every host in one of them; an even number of hosts
     * in a role that needs a majority (Consul's servers) is allowed but warned about.
     */
    @Override
    public void check(Inventory inventory, InventoryLines lines, Problems problems) {
        List<RoleSpec> groups = roleGroups();
        if (groups.isEmpty()) return;
        // By name, as messages have always listed them (same line: the order found).
        for (RoleSpec role : groups.stream().sorted(java.util.Comparator.comparing(RoleSpec::group)).toList()) {
            String g = role.group();
            if (role.optional()) continue; // absent or empty: the deployment has no such role
            if (!inventory.groups().containsKey(g)) {
                problems.error(lines.root(), "all.children", "no '" + g + "' group: the deployment needs at least one host in it ("
                        + role.neededFor() + ")");
            } else if (inventory.hostsIn(g).isEmpty()) {
                problems.error(lines.groups().get(g), g, "group '" + g + "' has no hosts: it needs at least one ("
                        + role.neededFor() + ")");
            }
        }
        for (RoleSpec role : groups) {
            int count = inventory.hostsIn(role.group()).size();
            if (role.oddCount() && count % 2 == 0 && count > 0) {
                // Allowed (Consul runs), but an even count buys nothing: a majority of 2 is 2.
                problems.warning(lines.groups().get(role.group()), role.group() + ": " + count + " Consul servers: Consul needs a"
                        + " majority of them up, so " + count + " tolerate no more failures than " + (count - 1)
                        + "; use an odd number (1, 3, 5)");
            }
        }
        String names = groups.stream().map(RoleSpec::group).sorted().collect(Collectors.joining(", "));
        // A group running a declared service gives its hosts a role too.
        var serviceGroups = Deployment.declaredServices(inventory).stream().map(ServiceSpec::group).toList();
        for (Host h : inventory.hosts()) {
            if (groups.stream().noneMatch(r -> h.groups().contains(r.group())) && serviceGroups.stream().noneMatch(h.groups()::contains)) {
                problems.error(lines.hosts().get(h.name()), h.name(), "host '" + h.name() + "' is in no role group: put it in one of "
                        + names);
            }
        }
    }
}
