package dev.provision.engine;

import dev.provision.playbook.RollKind;

/** The strategy of each {@code roll:} kind. */
final class RollStrategies {
    private RollStrategies() {}

    static RollStrategy of(RollKind kind) {
        return switch (kind) {
            case REPLICA -> new ReplicaRoll();
            case CONSUL_SERVER -> new ConsulServerRoll();
        };
    }
}
