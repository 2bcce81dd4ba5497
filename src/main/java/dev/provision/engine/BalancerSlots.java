package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** Sized here from the inventory's value; the inventory's value never replaces it afterwards. */
    static final String PAYLOAD = "lb_dns_payload";
    /** The floor when the playbooks' defaults set none: the old fixed count, so 1-10 replicas keep their configuration. */
    static final int MINIMUM = 20;
    static final int STEP = 20;
    /** HAProxy's accepted_payload_size when the defaults set none: what it was before slots grew. */
    static final int MINIMUM_PAYLOAD = 8192;
    /**
     * Bytes one replica adds to Consul's SRV answer, with room for longer names: measured 103 (the
     * SRV record, its A and its node-meta TXT record in the additional section: 874 bytes for 8).
     */
    static final int BYTES_PER_REPLICA = 128;
    /** The largest UDP payload (65535 - 8 UDP - 20 IPv4); over loopback it is never fragmented. */
    static final int MAX_PAYLOAD = 65507;

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
     * The DNS payload HAProxy announces (EDNS0) and accepts, so that Consul's answer holds a
     * record for every slot: Consul 1.8 fills a UDP answer up to the size the query announces, and
     * HAProxy 2.6 keeps what a truncated SRV answer holds without saying so.
     */
    public static int dnsPayload(int slots, int floor) {
        return Math.min(MAX_PAYLOAD, Math.max(floor, 512 + slots * BYTES_PER_REPLICA));
    }

    /**
     * What a balancer's templates see: {@code lb_max_replicas} derived from the whole inventory
     * (every replica, whatever {@code --limit} says; an inventory value overrides it later) and
     * {@code lb_dns_payload} for the slots this host really gets.
     *
     * @param defaults the playbooks' defaults: their values are the floors
     */
    public static Map<String, Object> vars(Host host, Inventory inventory, Map<String, Object> defaults) {
        int derived = derived(inventory.hostsWith(Role.SERVICE).size(), floor(defaults));
        // The host's own lb_dns_payload (else the defaults') is a floor: never smaller than the slots need.
        int floor = number(host.vars().get(PAYLOAD)).or(() -> number(defaults.get(PAYLOAD))).orElse(MINIMUM_PAYLOAD);
        int payload = dnsPayload(explicit(host).orElse(derived), floor);
        return Map.of(VARIABLE, derived, PAYLOAD, payload);
    }

    /**
     * Refuses (exit 2) an explicit {@code lb_max_replicas} on a balancer that is smaller than the
     * inventory's replicas, naming the file, line and key where it was written; and more replicas
     * than one DNS answer can carry.
     */
    public static void check(Inventory inventory, Map<String, Object> defaults) {
        int replicas = inventory.hostsWith(Role.SERVICE).size();
        int answerHolds = (MAX_PAYLOAD - 512) / BYTES_PER_REPLICA;
        if (replicas > answerHolds && !inventory.hostsWith(Role.LOAD_BALANCER).isEmpty()) {
            throw ProvisionException.invalidInput(inventory.source() + ": services: " + count(replicas, "replica")
                    + " in the inventory, but one DNS answer from Consul to HAProxy holds about " + answerHolds
                    + ": the rest would never get a request; split them into several services or balancers");
        }
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
                    + ", or remove it and provision reserves " + derived(replicas, floor(defaults)) + " (room to double)");
        }
        if (!problems.isEmpty()) throw ProvisionException.invalidInput(String.join("\n", problems));
    }

    private static int floor(Map<String, Object> defaults) {
        return number(defaults.get(VARIABLE)).orElse(MINIMUM);
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
