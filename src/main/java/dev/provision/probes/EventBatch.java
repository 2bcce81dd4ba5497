package dev.provision.probes;

import dev.provision.json.Json;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a bounded batch of events through the gateway and reads back, from every subscriber
 * instance's own address, what it received of that batch. Shared by the publish/subscribe probe
 * and the broker-restart measurement.
 */
final class EventBatch {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What publishing did.
     *
     * @param accepted event ids the publisher answered 202 with, in order
     * @param failed publish requests not accepted
     * @param firstFailures the first few reasons, for messages
     * @param tookMs how long publishing took
     */
    record Published(List<String> accepted, int failed, List<String> firstFailures, long tookMs) {}

    private final ProbeContext ctx;
    private final Brokers.Pair pair;
    final String batch;

    EventBatch(ProbeContext ctx, Brokers.Pair pair, String prefix) {
        this.ctx = ctx;
        this.pair = pair;
        this.batch = prefix + "-" + HexFormat.of().formatHex(bytes());
    }

    private static byte[] bytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * POSTs {@code count} events, one every 1/rate seconds (0: back to back), each on a fresh
     * connection; stops early at {@code limitMs} (what was not sent counts as failed).
     */
    Published publish(int count, int rate, long limitMs) {
        var gw = ctx.deployment().balancer();
        int port = ctx.deployment().lbPort();
        String body = "{\"batch\": " + Json.quote(batch) + "}";
        var accepted = new ArrayList<String>();
        var failures = new ArrayList<String>();
        int failed = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (elapsed > limitMs) {
                failed += count - i;
                failures.add((count - i) + " not sent: publishing ran past " + limitMs + " ms");
                break;
            }
            if (rate > 0) sleepUntil(t0 + i * 1_000_000_000L / rate);
            HttpAnswer a = ctx.http().post(gw.address(), port, pair.publishPath(), body);
            String id = a.ok() ? idOf(a) : null;
            if (id != null) {
                accepted.add(id);
            } else {
                failed++;
                if (failures.size() < 3) {
                    failures.add("event " + (i + 1) + ": " + (a.ok() ? "answer has no id: " + abbreviate(a.body())
                            : a.describe() + (a.body().isBlank() ? "" : " " + abbreviate(a.body().strip()))));
                }
            }
        }
        return new Published(List.copyOf(accepted), failed, List.copyOf(failures), (System.nanoTime() - t0) / 1_000_000);
    }

    /** How long the counts must stay the same, incomplete, before the rest is taken as lost. */
    static final long STABLE_MS = 3000;

    /**
     * Reads every subscriber instance until each has answered for every accepted event, or the
     * counts stopped changing for {@link #STABLE_MS} (the rest is lost: core NATS redelivers
     * nothing), or {@code waitMs} passed; then once more after a short grace, so a late
     * duplicate shows.
     *
     * @param subscribers the subscriber's passing instances in Consul
     */
    Map<String, DeliveryVerdict.ReplicaEvents> collect(List<ConsulCatalog.Instance> subscribers, List<String> accepted,
            long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        Map<String, DeliveryVerdict.ReplicaEvents> got = read(subscribers);
        long seen = total(got);
        long changedAt = System.nanoTime();
        while (!DeliveryVerdict.complete(accepted, got) && System.nanoTime() < deadline
                && System.nanoTime() - changedAt < STABLE_MS * 1_000_000) {
            sleep(200);
            got = read(subscribers);
            long now = total(got);
            if (now != seen) {
                seen = now;
                changedAt = System.nanoTime();
            }
        }
        if (DeliveryVerdict.complete(accepted, got)) {
            sleep(500);
            got = read(subscribers);
        }
        return got;
    }

    /**
     * The subscriber's replicas that are not in {@code passing} (in Consul maintenance, say), read
     * once: they may still have taken events from the queue group. One that does not answer (its
     * service stopped) is left out.
     */
    Map<String, DeliveryVerdict.ReplicaEvents> readOutside(ServiceTarget subscriber,
            List<ConsulCatalog.Instance> passing) {
        var names = passing.stream().map(ConsulCatalog.Instance::node).collect(java.util.stream.Collectors.toSet());
        var others = subscriber.hosts().stream().filter(h -> !names.contains(h.name()))
                .map(h -> new ConsulCatalog.Instance(h.name(), subscriber.name() + "-" + h.name(), h.address(), subscriber.port()))
                .toList();
        var out = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        read(others).forEach((k, v) -> {
            if (v.ok()) out.put(k, v);
        });
        return out;
    }

    private static long total(Map<String, DeliveryVerdict.ReplicaEvents> got) {
        return got.values().stream().mapToLong(e -> e.queueIds().size() + e.fanoutIds().size()).sum();
    }

    private Map<String, DeliveryVerdict.ReplicaEvents> read(List<ConsulCatalog.Instance> subscribers) {
        var out = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        for (ConsulCatalog.Instance i : subscribers) {
            HttpAnswer a = ctx.http().get(i.address(), i.port(), Brokers.EVENTS_PATH + batch);
            out.put(i.node(), DeliveryVerdict.ReplicaEvents.parse(a));
        }
        return out;
    }

    private static String idOf(HttpAnswer a) {
        try {
            if (Json.parse(a.body()) instanceof Map<?, ?> m && m.get("id") != null) return String.valueOf(m.get("id"));
        } catch (IllegalArgumentException notJson) {
            return null;
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) sleep(left / 1_000_000);
    }

    static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
