package dev.provision.deployment;

import java.util.List;

/**
 * One role of the deployment: an inventory group and the ports its hosts listen on.
 *
 * @param group the inventory group ("all": every host, needing no host of its own)
 * @param neededFor why the deployment needs a host in it, for the message when none is
 * @param oddCount warn when the group has an even number of hosts (a quorum)
 * @param optional the group may be absent or empty: the deployment then has no such role (the broker)
 * @param ports in declaration order
 */
public record RoleSpec(String group, String neededFor, boolean oddCount, boolean optional, List<PortSpec> ports) {
    public boolean everyHost() {
        return group.equals("all");
    }
}
