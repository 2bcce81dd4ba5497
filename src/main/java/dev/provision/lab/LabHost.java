package dev.provision.lab;

/**
 * One host of a lab: its inventory name, the inventory group it belongs to, its address and
 * the short id used in interface names.
 */
public record LabHost(String name, String group, String address, String shortId) {
    public static final String CONSUL_SERVERS = "consul_servers";
    public static final String LOAD_BALANCERS = "load_balancers";
    public static final String SERVICES = "services";
}
