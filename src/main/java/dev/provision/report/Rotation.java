package dev.provision.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the round-robin probe saw: which replica answered each request, in order.
 *
 * @param sequence the replica that answered request i (or "(failed)" where none did)
 * @param perReplica the number of answers each passing replica should have given
 * @param passingInConsul the replicas Consul listed as passing when the probe ran
 * @param settle every look at Consul's and HAProxy's state before the one measurement, in order
 */
public record Rotation(List<String> sequence, int perReplica, List<String> passingInConsul,
        List<SettleAttempt> settle) {
    /** Marks a request that no replica answered. */
    public static final String FAILED = "(failed)";

    public Rotation {
        sequence = List.copyOf(sequence);
        passingInConsul = List.copyOf(passingInConsul);
        settle = List.copyOf(settle == null ? List.of() : settle);
    }

    public Rotation(List<String> sequence, int perReplica, List<String> passingInConsul) {
        this(sequence, perReplica, passingInConsul, List.of());
    }

    /** True when the last look before measuring found the deployment settled. */
    public boolean settled() {
        return !settle.isEmpty() && settle.get(settle.size() - 1).settled();
    }

    /** Replica -> number of answers: Consul's passing replicas first (zero if silent), then any other seen. */
    public Map<String, Integer> distribution() {
        var d = new LinkedHashMap<String, Integer>();
        passingInConsul.forEach(r -> d.put(r, 0));
        sequence.forEach(r -> d.merge(r, 1, Integer::sum));
        return d;
    }

    /** Requests no replica answered. */
    public int failedRequests() {
        return (int) sequence.stream().filter(FAILED::equals).count();
    }

    Rotation redacted(UnaryOperator<String> r) {
        return new Rotation(sequence.stream().map(r).toList(), perReplica,
                passingInConsul.stream().map(r).toList(), settle.stream().map(a -> a.redacted(r)).toList());
    }
}
