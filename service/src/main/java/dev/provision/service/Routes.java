package dev.provision.service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request of web: {@code GET /} (who answered, and how many times), {@code /health}
 * (passing, or draining during a stop), {@code GET /events} (what this replica received from the
 * broker), and JSON 404/405 for the rest. Paths are matched exactly, not by the HTTP server's
 * prefix contexts, so {@code /healthz} is a 404 and not a health check.
 */
final class Routes extends JsonHandler {
    private final String serviceName;
    private final String replica;
    private final String address;
    private final int port;
    private final long pid;
    private final int responseDelayMs;
    private final Broker broker;
    private final EventLog events;
    private final AtomicLong requests = new AtomicLong();

    Routes(ServiceOptions options, int port, Health health, Broker broker, EventLog events) {
        super(health);
        this.serviceName = options.serviceName;
        this.replica = options.replica;
        this.address = options.address;
        this.port = port;
        this.pid = ProcessHandle.current().pid();
        this.responseDelayMs = options.responseDelayMs;
        this.broker = broker;
        this.events = events;
    }

    /** How many {@code GET /} this replica has answered. */
    @Override
    long requestsServed() {
        return requests.get();
    }

    @Override
    void route(HttpExchange exchange, String method, String path) throws IOException {
        if ("/".equals(path)) {
            if ("GET".equals(method)) {
                root(exchange);
            } else {
                methodNotAllowed(exchange, "GET");
            }
        } else if ("/health".equals(path)) {
            health(exchange, method);
        } else if ("/events".equals(path)) {
            if ("GET".equals(method)) {
                events(exchange);
            } else {
                methodNotAllowed(exchange, "GET");
            }
        } else {
            notFound(exchange);
        }
    }

    private void root(HttpExchange exchange) throws IOException {
        simulateWork(responseDelayMs);
        long count = requests.incrementAndGet();
        send(exchange, 200, new Json()
                .put("service", serviceName)
                .put("replica", replica)
                .put("address", address)
                .put("port", port)
                .put("requests", count)
                .put("pid", pid), false);
    }

    private void events(HttpExchange exchange) throws IOException {
        String batch = queryParameter(exchange.getRequestURI().getRawQuery(), "batch");
        if (batch == null) {
            send(exchange, 200, events.summary(replica, broker.state()), false);
        } else if (EventLog.BATCH.matcher(batch).matches()) {
            send(exchange, 200, events.batch(replica, batch), false);
        } else {
            send(exchange, 400, new Json().put("error", "batch: expected 1 to 64 of A-Z a-z 0-9 _ . -"), false);
        }
    }

    /** The first value of a query parameter, decoded; null when absent. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return "";
                }
            }
        }
        return null;
    }
}
