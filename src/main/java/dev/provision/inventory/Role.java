package dev.provision.inventory;

import java.util.Optional;

/**
 * The inventory groups that carry meaning: a host's role in the deployment. Which groups must
 * have hosts is playbooks/variables.yaml's to say (brokers is optional: without it, no broker).
 */
public enum Role {
    CONSUL_SERVER("consul_servers"),
    LOAD_BALANCER("load_balancers"),
    SERVICE("services"),
    BROKER("brokers");

    private final String group;

    Role(String group) {
        this.group = group;
    }

    /** The inventory group whose hosts have this role. */
    public String group() {
        return group;
    }

    public static Optional<Role> ofGroup(String group) {
        for (Role r : values()) {
            if (r.group.equals(group)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
