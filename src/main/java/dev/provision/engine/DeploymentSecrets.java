package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.secret.ControllerSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deployment's own secrets and where each comes from: the inventory's {@code gossip_key} and
 * {@code stats_password} when the user set them, else the values generated once in
 * {@code .provision/secrets/} beside the inventory (generated only when some host needs them).
 * {@code up} deploys them, {@code verify} logs into the stats page with them, and both mask them.
 */
public final class DeploymentSecrets {
    public static final String GOSSIP_KEY_VAR = "gossip_key";
    public static final String STATS_PASSWORD_VAR = "stats_password";

    private final Inventory inventory;
    private final ControllerSecrets store;

    public DeploymentSecrets(Inventory inventory, ControllerSecrets store) {
        this.inventory = inventory;
        this.store = store;
    }

    public static DeploymentSecrets besideInventory(Inventory inventory) {
        return new DeploymentSecrets(inventory, ControllerSecrets.besideInventory(inventory.source()));
    }

    public ControllerSecrets store() {
        return store;
    }

    /**
     * The one gossip key of the cluster. Every Consul agent must hold the same one, so the
     * inventory sets it for every host or for none.
     *
     * @throws ProvisionException exit 2 when hosts disagree
     */
    public Secret gossipKey() {
        Map<String, Optional<Secret>> byHost = new TreeMap<>();
        for (Host h : inventory.hosts()) byHost.put(h.name(), userSet(h, GOSSIP_KEY_VAR));
        var distinct = byHost.values().stream().distinct().toList();
        if (distinct.size() > 1) {
            List<String> unset = byHost.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
            throw ProvisionException.invalidInput(inventory.source() + ": " + GOSSIP_KEY_VAR
                    + " differs between hosts" + (unset.isEmpty() ? "" : " (not set for " + String.join(", ", unset) + ")")
                    + ": every Consul agent of a cluster needs the same key; set it once, in all.vars");
        }
        return distinct.isEmpty() || distinct.get(0).isEmpty() ? store.gossipKey() : distinct.get(0).get();
    }

    /** The stats password a host's HAProxy gets: its inventory's, else the generated one. */
    public Secret statsPassword(Host host) {
        return userSet(host, STATS_PASSWORD_VAR).orElseGet(store::statsPassword);
    }

    /** The stats password to log in with, without generating one (verify only reads). */
    public Optional<Secret> existingStatsPassword(Host host) {
        return userSet(host, STATS_PASSWORD_VAR).or(() -> store.existing(ControllerSecrets.STATS_PASSWORD));
    }

    /** Every secret of the inventory and of the store: what a masker must know. */
    public List<Secret> all() {
        List<Secret> out = new ArrayList<>(store.allExisting());
        for (Host h : inventory.hosts()) {
            h.password().ifPresent(out::add);
            h.becomePassword().ifPresent(out::add);
            for (Object v : h.vars().values()) if (v instanceof Secret s) out.add(s);
        }
        return out;
    }

    private static Optional<Secret> userSet(Host h, String name) {
        return h.vars().get(name) instanceof Secret s ? Optional.of(s) : Optional.empty();
    }
}
