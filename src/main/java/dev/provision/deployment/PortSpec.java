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
 */
public record PortSpec(String port, List<String> protocols, String what, boolean open, boolean answers, String name) {
    /** The variable the port comes from ("service_port"), or null for a fixed number. */
    public String variable() {
        String p = port.strip();
        return p.startsWith("{{") && p.endsWith("}}") ? p.substring(2, p.length() - 2).strip() : null;
    }
}
