package dev.provision.report;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What became of one batch of published events: per subscriber replica, how many it processed
 * in the queue group and how many it saw as a plain (fan-out) subscriber, and the
 * publish-to-delivery latency.
 *
 * @param title what was measured ("200 events through the gateway")
 * @param batch the batch id the events carried
 * @param published events the publisher accepted (202)
 * @param publishFailed publish requests not accepted
 * @param rows one per subscriber replica, in Consul's order
 * @param queueLost accepted events no replica processed in the queue group
 * @param queueDuplicates accepted events processed more than once in the queue group
 * @param fanoutLost sum over replicas of accepted events the replica did not see as a plain subscriber
 * @param queueLatency latency of the queue-group deliveries
 * @param fanoutLatency latency of the fan-out deliveries
 */
public record Delivery(String title, String batch, int published, int publishFailed, List<Row> rows, int queueLost,
        int queueDuplicates, int fanoutLost, Latency queueLatency, Latency fanoutLatency) {
    public Delivery {
        rows = List.copyOf(rows);
    }

    /**
     * One subscriber replica's share.
     *
     * @param replica the replica's name
     * @param queue events it processed in the queue group
     * @param fanout distinct events it saw as a plain subscriber
     * @param fanoutMissing accepted events it did not see as a plain subscriber
     * @param error why it could not be read; empty when it was
     */
    public record Row(String replica, int queue, int fanout, int fanoutMissing, String error) {}

    /**
     * Publish-to-delivery latency, nearest-rank percentiles in milliseconds.
     *
     * @param samples how many deliveries were timed
     */
    public record Latency(long p50, long p99, long max, int samples) {
        public static final Latency NONE = new Latency(0, 0, 0, 0);

        /** Nearest-rank p50, p99 and max of {@code ms}. */
        public static Latency of(List<Long> ms) {
            if (ms.isEmpty()) return NONE;
            var sorted = ms.stream().sorted().toList();
            return new Latency(rank(sorted, 50), rank(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
        }

        private static long rank(List<Long> sorted, int p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }

        public String describe() {
            return samples == 0 ? "none timed" : "p50 " + p50 + " ms, p99 " + p99 + " ms (max " + max + " ms, " + samples
                    + " deliveries)";
        }
    }

    Delivery redacted(UnaryOperator<String> r) {
        return new Delivery(r.apply(title), r.apply(batch), published, publishFailed,
                rows.stream().map(x -> new Row(r.apply(x.replica()), x.queue(), x.fanout(), x.fanoutMissing(),
                        r.apply(x.error()))).toList(), queueLost, queueDuplicates, fanoutLost, queueLatency,
                fanoutLatency);
    }
}
