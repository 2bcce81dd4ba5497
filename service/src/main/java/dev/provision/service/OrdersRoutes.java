package dev.provision.service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request of orders: {@code GET /orders} (identity), {@code POST /orders} (202 at once,
 * then an {@code orders.created} event on the broker), {@code /health} (also as
 * {@code /orders/health}, so it can be checked through the gateway's route), JSON 404/405 else.
 */
final class OrdersRoutes extends JsonHandler {
    static final String SUBJECT = Subscriptions.SUBJECT;
    static final String DEFAULT_BATCH = "default";
    static final int MAX_BODY = 4096;

    private final String serviceName;
    private final String replica;
    private final String address;
    private final int port;
    private final long pid;
    private final int responseDelayMs;
    private final Broker broker;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong orders = new AtomicLong();
    /** Ids stay unique across replicas (the replica's name) and restarts (the start time). */
    private final String idPrefix;

    OrdersRoutes(ServiceOptions options, int port, Health health, Broker broker) {
        super(health);
        this.serviceName = options.serviceName;
        this.replica = options.replica;
        this.address = options.address;
        this.port = port;
        this.pid = ProcessHandle.current().pid();
        this.responseDelayMs = options.responseDelayMs;
        this.broker = broker;
        this.idPrefix = replica + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    }

    @Override
    long requestsServed() {
        return requests.get();
    }

    @Override
    void route(HttpExchange exchange, String method, String path) throws IOException {
        if ("/orders".equals(path) || "/orders/".equals(path)) {
            if ("GET".equals(method)) {
                identity(exchange);
            } else if ("POST".equals(method)) {
                order(exchange);
            } else {
                methodNotAllowed(exchange, "GET, POST");
            }
        } else if ("/health".equals(path) || "/orders/health".equals(path)) {
            health(exchange, method);
        } else {
            notFound(exchange);
        }
    }

    private void identity(HttpExchange exchange) throws IOException {
        simulateWork(responseDelayMs);
        long count = requests.incrementAndGet();
        send(exchange, 200, new Json()
                .put("service", serviceName)
                .put("replica", replica)
                .put("address", address)
                .put("port", port)
                .put("requests", count)
                .put("pid", pid)
                .put("broker", broker.state()), false);
    }

    private void order(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            send(exchange, 413, new Json().put("error", "body larger than " + MAX_BODY + " bytes"), false);
            return;
        }
        String batch;
        try {
            batch = batchOf(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException bad) {
            send(exchange, 400, new Json().put("error", bad.getMessage()), false);
            return;
        }
        if (!broker.everConnected()) {
            send(exchange, 503, new Json().put("error", "broker unavailable"), false);
            return;
        }
        String id = idPrefix + Long.toString(orders.incrementAndGet(), 36);
        String event = new Json()
                .put("id", id)
                .put("replica", replica)
                .put("batch", batch)
                .put("request_id", requestId(exchange))
                .put("published_at_ms", System.currentTimeMillis())
                .toString();
        if (!broker.publish(SUBJECT, event)) {
            send(exchange, 503, new Json().put("error", "broker unavailable"), false);
            return;
        }
        send(exchange, 202, new Json().put("id", id).put("replica", replica).put("batch", batch), false);
    }

    /**
     * The order's batch: {@value #DEFAULT_BATCH} for an empty body or one without "batch".
     *
     * @throws IllegalArgumentException with the message for the 400 answer
     */
    static String batchOf(String body) {
        if (body.trim().isEmpty()) {
            return DEFAULT_BATCH;
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(body);
        } catch (IllegalArgumentException notJson) {
            throw new IllegalArgumentException("body: " + notJson.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("body: expected a JSON object such as {\"batch\": \"b1\"}");
        }
        Object batch = ((Map<?, ?>) parsed).get("batch");
        if (batch == null) {
            return DEFAULT_BATCH;
        }
        if (!(batch instanceof String) || !EventLog.BATCH.matcher((String) batch).matches()) {
            throw new IllegalArgumentException("batch: expected 1 to 64 of A-Z a-z 0-9 _ . -");
        }
        return (String) batch;
    }
}
