package dev.provision.playbook;

import java.util.List;

/**
 * One playbook file: the steps a set of hosts runs, in order.
 *
 * @param hosts inventory groups ("all" for every host)
 */
public record Play(String name, Location location, List<String> hosts, List<StepSpec> steps) {
    public boolean appliesTo(List<String> hostGroups) {
        return hosts.contains("all") || hosts.stream().anyMatch(hostGroups::contains);
    }
}
