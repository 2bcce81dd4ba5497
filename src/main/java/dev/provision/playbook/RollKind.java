package dev.provision.playbook;

import java.util.Arrays;
import java.util.Optional;

/**
 * A handler's {@code roll:} key: the handler restarts something that serves, so it runs on one
 * host at a time across the run ({@code provision up --serial N}: N), each taken out of service
 * first and back in before the next. The kind says how a host leaves and rejoins.
 */
public enum RollKind {
    /** A service replica behind the balancer: Consul maintenance, drained, restarted, passing again. */
    REPLICA("replica"),
    /** A Consul server: one at a time, the raft leader last, each back as a healthy voter before the next. */
    CONSUL_SERVER("consul-server");

    private final String yaml;

    RollKind(String yaml) {
        this.yaml = yaml;
    }

    /** As written in a playbook. */
    public String yaml() {
        return yaml;
    }

    public static Optional<RollKind> of(String yaml) {
        return Arrays.stream(values()).filter(k -> k.yaml.equals(yaml)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(RollKind::yaml).toList());
    }
}
