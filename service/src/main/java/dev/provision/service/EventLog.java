package dev.provision.service;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a web replica received on {@code orders.created}, per subscription (queue group, fan-out),
 * for {@code GET /events}. Memory is bounded whatever is published: per subscription a count
 * and the last {@value #LAST_IDS} ids; per batch at most {@value #MAX_IDS_PER_BATCH} ids (and
 * their latencies) per subscription, for the last {@value #MAX_BATCHES} batches seen (the oldest
 * batch is forgotten first). Ids are kept as one comma-joined string per batch and subscription
 * (a byte per character), so the worst case is about 20 x 2 x 10000 x (id + 4) bytes: about
 * 12 MB with the orders service's ids.
 */
final class EventLog {
    static final Pattern BATCH = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    static final int LAST_IDS = 10;
    static final int MAX_IDS_PER_BATCH = 10_000;
    static final int MAX_BATCHES = 20;

    enum Kind { QUEUE, FANOUT }

    private static final class Counter {
        long count;
        final Deque<String> last = new ArrayDeque<>(LAST_IDS);

        void add(String id) {
            count++;
            if (last.size() == LAST_IDS) {
                last.removeFirst();
            }
            last.addLast(id);
        }
    }

    private static final class Ids {
        final StringBuilder joined = new StringBuilder();
        int[] latencies = new int[16];
        int size;

        void add(String id, int latencyMs) {
            if (size == MAX_IDS_PER_BATCH) {
                return;
            }
            if (size > 0) {
                joined.append(',');
            }
            joined.append(id);
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, Math.min(MAX_IDS_PER_BATCH, size * 2));
            }
            latencies[size++] = latencyMs;
        }

        Json json() {
            List<String> ids = size == 0 ? Collections.emptyList() : Arrays.asList(joined.toString().split(","));
            return new Json().putStrings("ids", ids).putInts("latency_ms", latencies, size);
        }
    }

    private static final class Batch {
        final Ids queue = new Ids();
        final Ids fanout = new Ids();
    }

    private final Counter queue = new Counter();
    private final Counter fanout = new Counter();
    private final Map<String, Batch> batches = new LinkedHashMap<String, Batch>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Batch> eldest) {
            return size() > MAX_BATCHES;
        }
    };

    /** Records one event; ids and batches that do not match the patterns are refused (false). */
    synchronized boolean record(Kind kind, String id, String batch, long latencyMs) {
        if (id == null || batch == null || !ID.matcher(id).matches() || !BATCH.matcher(batch).matches()) {
            return false;
        }
        int latency = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, latencyMs));
        Batch b = batches.computeIfAbsent(batch, name -> new Batch());
        if (kind == Kind.QUEUE) {
            queue.add(id);
            b.queue.add(id, latency);
        } else {
            fanout.add(id);
            b.fanout.add(id, latency);
        }
        return true;
    }

    /** {@code GET /events}: counts and last ids per subscription. */
    synchronized Json summary(String replica, String brokerState) {
        return new Json()
                .put("replica", replica)
                .put("broker", brokerState)
                .put("queue", new Json().put("count", queue.count).putStrings("last_ids", queue.last))
                .put("fanout", new Json().put("count", fanout.count).putStrings("last_ids", fanout.last));
    }

    /** {@code GET /events?batch=B}: the batch's ids and latencies per subscription (empty if unknown). */
    synchronized Json batch(String replica, String batch) {
        Batch b = batches.get(batch);
        Batch shown = b == null ? new Batch() : b;
        return new Json()
                .put("replica", replica)
                .put("batch", batch)
                .put("queue", shown.queue.json())
                .put("fanout", shown.fanout.json());
    }
}
