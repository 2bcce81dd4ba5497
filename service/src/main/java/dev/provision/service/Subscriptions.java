package dev.provision.service;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.Map;

/**
 * web's two subscriptions on {@code orders.created}: in the queue group {@value #QUEUE_GROUP}
 * (the broker gives each event to exactly one member: work distribution) and a plain one (every
 * replica gets every event: fan-out). jnats restores both after a reconnection.
 */
final class Subscriptions {
    static final String SUBJECT = "orders.created";
    static final String QUEUE_GROUP = "web";
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private Subscriptions() {}

    static void subscribe(Connection connection, EventLog events, String replica) {
        Dispatcher dispatcher = connection.createDispatcher();
        dispatcher.subscribe(SUBJECT, QUEUE_GROUP, message -> receive(events, EventLog.Kind.QUEUE, message));
        dispatcher.subscribe(SUBJECT, message -> receive(events, EventLog.Kind.FANOUT, message));
        try {
            // A round trip: once it returns, the server has both subscriptions.
            connection.flush(FLUSH_TIMEOUT);
        } catch (TimeoutException | InterruptedException e) {
            Log.info("broker: subscriptions not confirmed within " + FLUSH_TIMEOUT.toMillis() + " ms: " + e);
        }
        Log.info("broker: subscribed to " + SUBJECT + " in queue group " + QUEUE_GROUP + " and for fan-out");
    }

    static void receive(EventLog events, EventLog.Kind kind, Message message) {
        long now = System.currentTimeMillis();
        String payload = new String(message.getData(), StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = JsonReader.parse(payload);
        } catch (IllegalArgumentException notJson) {
            parsed = null;
        }
        Map<?, ?> event = parsed instanceof Map ? (Map<?, ?>) parsed : Map.of();
        Object id = event.get("id");
        Object batch = event.get("batch");
        Object publishedAt = event.get("published_at_ms");
        long latency = publishedAt instanceof Long ? now - (Long) publishedAt : -1;
        boolean recorded = id instanceof String && batch instanceof String && publishedAt instanceof Long
                && events.record(kind, (String) id, (String) batch, latency);
        if (!recorded) {
            Log.info("event refused (" + kind.name().toLowerCase() + "): not an orders.created payload: "
                    + JsonHandler.printable(payload, 200));
        } else if (kind == EventLog.Kind.QUEUE) {
            // The work this replica took from the queue group, with the request that caused it.
            Object requestId = event.get("request_id");
            Log.info("processed: id=" + id + " batch=" + batch + " request_id="
                    + (requestId instanceof String && !((String) requestId).isEmpty()
                            ? JsonHandler.printable((String) requestId, JsonHandler.MAX_LOGGED_ID) : "-")
                    + " latency_ms=" + latency);
        }
    }
}
