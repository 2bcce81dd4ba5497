package dev.provision.probes;

import dev.provision.inventory.Host;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a service answer into the inventory's name of the replica that gave it. */
final class ReplicaNames {
    private final List<Host> replicas;

    ReplicaNames(List<Host> replicas) {
        this.replicas = replicas;
    }

    /**
     * The inventory name: the answer's "replica" when it is one, else the replica whose address
     * is the answer's "address", else what the answer says (an unknown replica is evidence too).
     */
    Optional<String> of(HttpAnswer a) {
        if (!a.ok()) return Optional.empty();
        Optional<String> named = a.replica();
        if (named.isPresent() && replicas.stream().anyMatch(h -> h.name().equals(named.get()))) return named;
        try {
            if (dev.provision.json.Json.parse(a.body()) instanceof Map<?, ?> m && m.get("address") instanceof String addr) {
                var byAddr = replicas.stream().filter(h -> h.address().equals(addr)).findFirst();
                if (byAddr.isPresent()) return Optional.of(byAddr.get().name());
            }
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
        return named;
    }
}
