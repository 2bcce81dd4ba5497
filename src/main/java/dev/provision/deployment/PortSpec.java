package dev.provision.deployment;

import java.util.List;

/**
 * One port a role listens on, as variables.yaml declares it.
 *
 * @param port a number, or "{{variable}}" naming a port variable
 * @param protocols tcp and/or udp
 * @param what how messages name it ("Consul's HTTP port"); for a variable port, its variable
 * @param open opened in firewalld (false: loopback only)
 * @param answers a TCP connection from the controller must not be filtered (verify checks)
 * @param name how code asks for this port ({@link Deployment#namedPort}), or null
 * @param minHosts the port is the role's only when its group has at least this many hosts (NATS's
 *     cluster port: a single broker has no routes); 1 = always
 */
public record PortSpec(String port, List<String> protocols, String what, boolean open, boolean answers, String name,
        int minHosts) {
    /** A port of the role whatever the group's size. */
    public PortSpec(String port, List<String> protocols, String what, boolean open, boolean answers, String name) {
        this(port, protocols, what, open, answers, name, 1);
    }

    /** The variable the port comes from ("service_port"), or null for a fixed number. */
    public String variable() {
        String p = port.strip();
        return p.startsWith("{{") && p.endsWith("}}") ? p.substring(2, p.length() - 2).strip() : null;
    }
}
