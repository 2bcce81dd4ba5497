package dev.provision.service;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request of the service: {@code GET /} (who answered, and how many times), {@code /health}
 * (passing, or draining during a stop), and JSON 404/405 for the rest. Paths are matched exactly,
 * not by the HTTP server's prefix contexts, so {@code /healthz} is a 404 and not a health check.
 */
final class Routes implements HttpHandler {
    private final String serviceName;
    private final String replica;
    private final String address;
    private final int port;
    private final long pid;
    private final int responseDelayMs;
    private final Health health;
    private final AtomicLong requests = new AtomicLong();

    Routes(ServiceOptions options, int port, Health health) {
        this.serviceName = options.serviceName;
        this.replica = options.replica;
        this.address = options.address;
        this.port = port;
        this.pid = ProcessHandle.current().pid();
        this.responseDelayMs = options.responseDelayMs;
        this.health = health;
    }

    /** How many {@code GET /} this replica has answered. */
    long requestsServed() {
        return requests.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("/".equals(path)) {
                if ("GET".equals(method)) {
                    root(exchange);
                } else {
                    methodNotAllowed(exchange, "GET");
                }
            } else if ("/health".equals(path)) {
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    health(exchange, "HEAD".equals(method));
                } else {
                    methodNotAllowed(exchange, "GET, HEAD");
                }
            } else {
                send(exchange, 404, new Json().put("error", "not found"), false);
            }
        } finally {
            exchange.close();
        }
    }

    private void root(HttpExchange exchange) throws IOException {
        simulateWork();
        long count = requests.incrementAndGet();
        send(exchange, 200, new Json()
                .put("service", serviceName)
                .put("replica", replica)
                .put("address", address)
                .put("port", port)
                .put("requests", count)
                .put("pid", pid), false);
    }

    private void health(HttpExchange exchange, boolean headOnly) throws IOException {
        if (health.draining()) {
            send(exchange, 503, new Json().put("status", "draining"), headOnly);
        } else {
            send(exchange, 200, new Json().put("status", "passing"), headOnly);
        }
    }

    private void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        send(exchange, 405, new Json().put("error", "method not allowed"), false);
    }

    private void simulateWork() {
        if (responseDelayMs == 0) {
            return;
        }
        try {
            Thread.sleep(responseDelayMs);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // answer now; the pool is being shut down
        }
    }

    private void send(HttpExchange exchange, int status, Json json, boolean headOnly) throws IOException {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        // Answers prove which replica served a request: no cache may replay them.
        headers.set("Cache-Control", "no-store");
        if (health.draining()) {
            // Leave no idle keep-alive connection behind for the stop to cut.
            headers.set("Connection", "close");
        }
        if (headOnly) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
