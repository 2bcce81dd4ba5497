package dev.provision.playbook;

import java.util.List;

/**
 * One playbook file: the steps a set of hosts runs, in order.
 *
 * @param hosts inventory groups ("all" for every host)
 * @param loop null, or the variable holding a list of items (maps of variables): the steps run
 *     once per item, with the item's variables over the host's ({@code loop: host_services}:
 *     once per service the host runs)
 */
public record Play(String name, Location location, List<String> hosts, List<StepSpec> steps, String loop) {
    public Play(String name, Location location, List<String> hosts, List<StepSpec> steps) {
        this(name, location, hosts, steps, null);
    }

    public boolean appliesTo(List<String> hostGroups) {
        return hosts.contains("all") || hosts.stream().anyMatch(hostGroups::contains);
    }
}
