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
 */
public record LabSpec(String name, String subnet, Integer replicas, Integer brokers) {
    public static final String DEFAULT_NAME = "provision";
    public static final String DEFAULT_SUBNET = "198.18.0.0/24";
    public static final int DEFAULT_REPLICAS = 3;
    public static final int MAX_REPLICAS = 50;
    /** One NATS broker, on the Consul server's host: no extra host. */
    public static final int DEFAULT_BROKERS = 1;

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
    }

    /** A lab with the running lab's (or the default) brokers. */
    public LabSpec(String name, String subnet, Integer replicas) {
        this(name, subnet, replicas, null);
    }

    /** The default lab: name {@value #DEFAULT_NAME}; subnet and replicas as running, else the defaults. */
    public static LabSpec defaults() {
        return new LabSpec(DEFAULT_NAME, null, null, null);
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
