package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many replicas HAProxy's {@code server-template} can hold ({@code lb_max_replicas}). A
 * replica beyond the last slot is registered and passing in Consul yet never gets a request, so
 * the count comes from the inventory, and an explicit smaller value is refused before any host
 * is contacted.
 *
 * <p>Headroom: room to double, in steps of {@value #STEP}. Replicas are added with {@code --limit
 * NEW}, a run that does not touch the balancer: with twice the inventory's replicas the fleet can
 * double before the balancer must be run again. The steps keep {@code haproxy.cfg} unchanged while
 * replicas are added one at a time (a changed slot count reloads HAProxy). Empty slots cost a few
 * kB each and no health check; the DNS answer carries the registered replicas, not the slots.
 */
public final class BalancerSlots {
    static final String VARIABLE = "lb_max_replicas";
    /** The floor when the playbooks' defaults set none: the old fixed count, so 1-10 replicas keep their configuration. */
    static final int MINIMUM = 20;
    static final int STEP = 20;

    private BalancerSlots() {}

    /**
     * The slot count for this many replicas when the inventory sets none: twice the replicas,
     * rounded up to a multiple of {@value #STEP}, and never below {@code floor} (the value in
     * the playbooks' defaults).
     */
    public static int derived(int replicas, int floor) {
        return Math.max(floor, (2 * replicas + STEP - 1) / STEP * STEP);
    }

    /**
     * The slot count from the whole inventory (every replica, whatever {@code --limit} says), with
     * the playbooks' default {@code lb_max_replicas} as the floor.
     */
    public static int derived(Inventory inventory, Object defaultValue) {
        return derived(inventory.hostsWith(Role.SERVICE).size(), number(defaultValue).orElse(MINIMUM));
    }

    /**
     * Refuses (exit 2) an explicit {@code lb_max_replicas} on a balancer that is smaller than the
     * inventory's replicas, naming the file, line and key where it was written.
     */
    public static void check(Inventory inventory, Object defaultValue) {
        int replicas = inventory.hostsWith(Role.SERVICE).size();
        List<String> problems = new ArrayList<>();
        for (Host lb : inventory.hostsWith(Role.LOAD_BALANCER)) {
            // consul-template writes one server line per instance: no slots to run out of.
            if ("consul-template".equals(lb.vars().get("lb_discovery"))) continue;
            Optional<Integer> slots = explicit(lb);
            if (slots.isEmpty() || slots.get() >= replicas) continue;
            String where = inventory.origin(lb.name(), VARIABLE).orElse(inventory.source() + ": " + VARIABLE);
            int left = replicas - slots.get();
            problems.add(where + ": " + count(slots.get(), "server-template slot") + " on " + lb.name() + " for "
                    + count(replicas, "replica") + " in the inventory: " + left + (left == 1 ? " replica would be" : " replicas would be")
                    + " registered and passing in Consul yet never get a request; set it to at least " + replicas
                    + ", or remove it and provision reserves " + derived(inventory, defaultValue) + " (room to double)");
        }
        if (!problems.isEmpty()) throw ProvisionException.invalidInput(String.join("\n", problems));
    }

    /** The value the inventory sets for this host, if any (the loader has checked it is a whole number). */
    static Optional<Integer> explicit(Host host) {
        return number(host.vars().get(VARIABLE));
    }

    private static Optional<Integer> number(Object v) {
        if (v instanceof Integer i) return Optional.of(i);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(Integer.valueOf(String.valueOf(v).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a number: the variable's type says so elsewhere
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
