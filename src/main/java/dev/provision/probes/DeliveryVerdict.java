package dev.provision.probes;

import dev.provision.json.Json;
import dev.provision.report.Delivery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges what the subscriber replicas received of one batch against what was published: a pure
 * function, tested on recorded answers without any host.
 *
 * <p>Queue group: every accepted event processed exactly once across the replicas (none lost,
 * none twice, none that was not published) and every replica processed some (the work is
 * spread). Fan-out: every replica saw every accepted event.
 */
final class DeliveryVerdict {
    private static final int MAX_NAMED = 5;

    private DeliveryVerdict() {}

    /**
     * One replica's answer to {@code GET /events?batch=B}.
     *
     * @param error why it could not be read; empty when it was
     */
    record ReplicaEvents(List<String> queueIds, List<Long> queueLatency, List<String> fanoutIds,
            List<Long> fanoutLatency, String error) {
        static ReplicaEvents failed(String why) {
            return new ReplicaEvents(List.of(), List.of(), List.of(), List.of(), why);
        }

        boolean ok() {
            return error.isEmpty();
        }

        /** Parses the subscriber's JSON ({@code {"queue": {"ids", "latency_ms"}, "fanout": {...}}}). */
        static ReplicaEvents parse(HttpAnswer a) {
            if (!a.ok()) return failed(a.describe() + (a.body().isBlank() ? "" : ": " + abbreviate(a.body().strip())));
            Object doc;
            try {
                doc = Json.parse(a.body());
            } catch (IllegalArgumentException e) {
                return failed("answer is not JSON: " + e.getMessage());
            }
            if (!(doc instanceof Map<?, ?> m) || !(m.get("queue") instanceof Map<?, ?> q)
                    || !(m.get("fanout") instanceof Map<?, ?> f)) {
                return failed("answer has no \"queue\" and \"fanout\" objects: " + abbreviate(a.body().strip()));
            }
            return new ReplicaEvents(strings(q.get("ids")), numbers(q.get("latency_ms")), strings(f.get("ids")),
                    numbers(f.get("latency_ms")), "");
        }

        private static List<String> strings(Object o) {
            var out = new ArrayList<String>();
            if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
            return out;
        }

        private static List<Long> numbers(Object o) {
            var out = new ArrayList<Long>();
            if (o instanceof List<?> l) for (Object x : l) if (x instanceof Number n) out.add(n.longValue());
            return out;
        }
    }

    /**
     * The measurement and what broke.
     *
     * @param delivery the figures, for the report
     * @param problems the broken rules, naming the replica and the event; empty when all held
     */
    record Verdict(Delivery delivery, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * @param accepted ids the publisher accepted, in publish order
     * @param publishFailed publish requests not accepted
     * @param received replica -> what it answered, in Consul's order of the subscriber's passing instances
     */
    static Verdict judge(String title, String batch, List<String> accepted, int publishFailed,
            Map<String, ReplicaEvents> received) {
        return judge(title, batch, accepted, publishFailed, received, Map.of());
    }

    /**
     * As above, and {@code outside}: subscriber replicas outside Consul's passing set (in
     * maintenance, say) that still answered. They stay in the queue group, so what they
     * processed is neither lost nor judged for spread or fan-out: it only counts once.
     */
    static Verdict judge(String title, String batch, List<String> accepted, int publishFailed,
            Map<String, ReplicaEvents> received, Map<String, ReplicaEvents> outside) {
        var problems = new ArrayList<String>();
        Set<String> want = new LinkedHashSet<>(accepted);
        if (want.isEmpty()) problems.add("no event was accepted by the publisher: nothing to follow");
        if (received.isEmpty()) problems.add("no subscriber replica to read");
        Map<String, List<String>> processedBy = new LinkedHashMap<>();
        var rows = new ArrayList<Delivery.Row>();
        var queueLatency = new ArrayList<Long>();
        var fanoutLatency = new ArrayList<Long>();
        int fanoutLost = 0;
        for (var en : received.entrySet()) {
            String replica = en.getKey();
            ReplicaEvents ev = en.getValue();
            if (!ev.ok()) {
                problems.add(replica + ": events not readable: " + ev.error());
                rows.add(new Delivery.Row(replica, 0, 0, want.size(), ev.error()));
                fanoutLost += want.size();
                continue;
            }
            for (String id : ev.queueIds()) processedBy.computeIfAbsent(id, k -> new ArrayList<>()).add(replica);
            queueLatency.addAll(ev.queueLatency());
            fanoutLatency.addAll(ev.fanoutLatency());
            var seen = new HashSet<>(ev.fanoutIds());
            var missing = want.stream().filter(id -> !seen.contains(id)).toList();
            fanoutLost += missing.size();
            if (!missing.isEmpty()) {
                problems.add(replica + " saw " + (want.size() - missing.size()) + " of " + want.size()
                        + " events as a plain subscriber, expected all (missing " + named(missing) + ")");
            }
            int twice = ev.fanoutIds().size() - seen.size();
            if (twice > 0) problems.add(replica + " saw " + twice + " events twice as a plain subscriber");
            if (ev.queueIds().isEmpty() && want.size() >= received.size()) {
                problems.add(replica + " processed none of the " + want.size() + " events in the queue group: the work is not spread");
            }
            rows.add(new Delivery.Row(replica, ev.queueIds().size(), seen.size(), missing.size(), ""));
        }
        for (var en : outside.entrySet()) {
            if (!en.getValue().ok() || en.getValue().queueIds().isEmpty()) continue;
            for (String id : en.getValue().queueIds()) processedBy.computeIfAbsent(id, k -> new ArrayList<>()).add(en.getKey());
            rows.add(new Delivery.Row(en.getKey(), en.getValue().queueIds().size(), new HashSet<>(en.getValue().fanoutIds()).size(),
                    0, "not passing in Consul: counted for the queue group only"));
        }
        var lost = want.stream().filter(id -> !processedBy.containsKey(id)).toList();
        var duplicated = processedBy.entrySet().stream().filter(e -> want.contains(e.getKey()) && e.getValue().size() > 1)
                .map(e -> e.getKey() + " by " + String.join(" and ", e.getValue())).toList();
        var strangers = processedBy.keySet().stream().filter(id -> !want.contains(id)).toList();
        boolean allRead = received.values().stream().allMatch(ReplicaEvents::ok);
        if (!lost.isEmpty() && allRead) {
            problems.add(lost.size() + " of " + want.size() + " events processed by no replica in the queue group (lost: "
                    + named(lost) + ")");
        }
        if (!duplicated.isEmpty()) {
            problems.add(duplicated.size() + " events processed more than once in the queue group ("
                    + String.join("; ", duplicated.stream().limit(MAX_NAMED).toList())
                    + (duplicated.size() > MAX_NAMED ? "; ..." : "") + ")");
        }
        if (!strangers.isEmpty()) {
            problems.add(strangers.size() + " events of batch " + batch + " processed that the publisher never accepted ("
                    + named(strangers) + ")");
        }
        if (publishFailed > 0) {
            problems.add(publishFailed + " of " + (want.size() + publishFailed) + " publish requests were not accepted");
        }
        var d = new Delivery(title, batch, want.size(), publishFailed, rows, lost.size(), duplicated.size(), fanoutLost,
                Delivery.Latency.of(queueLatency), Delivery.Latency.of(fanoutLatency));
        return new Verdict(d, List.copyOf(problems));
    }

    /** True when every replica has answered for every accepted event (queue total and each fan-out). */
    static boolean complete(List<String> accepted, Map<String, ReplicaEvents> received) {
        if (received.values().stream().anyMatch(e -> !e.ok())) return false;
        int queue = received.values().stream().mapToInt(e -> e.queueIds().size()).sum();
        return queue >= accepted.size()
                && received.values().stream().allMatch(e -> new HashSet<>(e.fanoutIds()).containsAll(accepted));
    }

    private static String named(List<String> ids) {
        return String.join(", ", ids.stream().limit(MAX_NAMED).toList()) + (ids.size() > MAX_NAMED ? ", ..." : "");
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
