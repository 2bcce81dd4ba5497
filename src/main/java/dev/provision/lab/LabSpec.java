package dev.provision.lab;

import dev.provision.ProvisionException;
import java.util.regex.Pattern;

/**
 * What a lab should look like. {@code subnet} may be null: the running lab's own subnet, or
 * {@link #DEFAULT_SUBNET} for a new lab. {@code replicas} may be null: the running lab's count,
 * or {@link #DEFAULT_REPLICAS} for a new lab. {@code lab up} only ever adds replicas: asking for
 * fewer than a running lab has keeps them (shrinking is {@code lab down} then {@code lab up}).
 * {@code brokers} may be null: the running lab's count, or {@link #DEFAULT_BROKERS} for a new
 * lab. Brokers are a role of existing hosts (group {@code brokers}), never hosts of their own.
 * {@code consulServers} may be null: the running lab's count, or {@link #DEFAULT_CONSUL_SERVERS}
 * for a new lab; like replicas, only ever added (hosts consul-2..consul-N beside consul-server).
 */
public record LabSpec(String name, String subnet, Integer replicas, Integer brokers, Integer consulServers) {
    public static final String DEFAULT_NAME = "provision";
    public static final String DEFAULT_SUBNET = "198.18.0.0/24";
    public static final int DEFAULT_REPLICAS = 3;
    public static final int MAX_REPLICAS = 50;
    /** One NATS broker, on the Consul server's host: no extra host. */
    public static final int DEFAULT_BROKERS = 1;
    public static final int DEFAULT_CONSUL_SERVERS = 1;
    /** consul-server and consul-2..consul-7 fit the addresses .10 and .12-.17 (lb is .11, web-N from .21). */
    public static final int MAX_CONSUL_SERVERS = 7;

    // Short enough that the bridge "pv-<name>" fits Linux's 15-character interface names.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

    public LabSpec {
        validateName(name);
        if (subnet != null) {
            Subnet.parse(subnet);
        }
        if (replicas != null && (replicas < 1 || replicas > MAX_REPLICAS)) {
            throw ProvisionException.invalidInput("--replicas must be between 1 and " + MAX_REPLICAS + ", got " + replicas);
        }
        if (brokers != null && brokers < 0) {
            throw ProvisionException.invalidInput("--brokers must be 0 or more, got " + brokers);
        }
        if (consulServers != null && (consulServers < 1 || consulServers > MAX_CONSUL_SERVERS || consulServers % 2 == 0)) {
            // As the inventory's odd_count: an even count tolerates no more failures than one fewer.
            throw ProvisionException.invalidInput("--consul-servers must be 1, 3, 5 or " + MAX_CONSUL_SERVERS
                    + " (Consul needs a majority of its servers: an even count tolerates no more failures than one fewer), got "
                    + consulServers);
        }
    }

    /** A lab with the running lab's (or the default) Consul servers. */
    public LabSpec(String name, String subnet, Integer replicas, Integer brokers) {
        this(name, subnet, replicas, brokers, null);
    }

    /** A lab with the running lab's (or the default) brokers and Consul servers. */
    public LabSpec(String name, String subnet, Integer replicas) {
        this(name, subnet, replicas, null, null);
    }

    /** The default lab: name {@value #DEFAULT_NAME}; subnet and replicas as running, else the defaults. */
    public static LabSpec defaults() {
        return new LabSpec(DEFAULT_NAME, null, null, null, null);
    }

    /** Fails with exit 2 unless {@code name} is a valid lab name. */
    public static String validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProvisionException.invalidInput("lab name must be 1-12 lowercase letters or digits, starting with a letter, got '"
                    + name + "'");
        }
        return name;
    }
}
