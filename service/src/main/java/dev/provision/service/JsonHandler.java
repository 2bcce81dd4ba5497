package dev.provision.service;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What both sample services' routes share: JSON answers (never cached, {@code Connection: close}
 * while draining) and one log line per request carrying its {@code X-Request-ID}, so a request can
 * be followed from the gateway (HAProxy's unique-id) to the replica that answered it.
 */
abstract class JsonHandler implements HttpHandler {
    static final String REQUEST_ID = "X-Request-ID";
    /** A longer header is cut in the log line (HAProxy's ids are about 40 characters). */
    static final int MAX_LOGGED_ID = 128;

    private final Health health;

    JsonHandler(Health health) {
        this.health = health;
    }

    /** The count the stop line reports: identity answers served. */
    abstract long requestsServed();

    /** Answers one request through {@link #send}; the exchange is closed and logged afterwards. */
    abstract void route(HttpExchange exchange, String method, String path) throws IOException;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            route(exchange, method, path);
        } finally {
            exchange.close();
            Log.info("request: method=" + printable(method, 16) + " path=" + printable(path, 256)
                    + " status=" + exchange.getResponseCode()
                    + " request_id=" + requestIdForLog(exchange)
                    + " ms=" + (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The request's X-Request-ID, or "" when it has none. */
    static String requestId(HttpExchange exchange) {
        String id = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        return id == null ? "" : id;
    }

    private static String requestIdForLog(HttpExchange exchange) {
        String id = requestId(exchange);
        return id.isEmpty() ? "-" : printable(id, MAX_LOGGED_ID);
    }

    /** One token on one line: spaces and control characters become '?', long values are cut. */
    static String printable(String value, int max) {
        String cut = value.length() > max ? value.substring(0, max) + "..." : value;
        return cut.replaceAll("[\\p{Cntrl}\\s]", "?");
    }

    boolean draining() {
        return health.draining();
    }

    void health(HttpExchange exchange, String method) throws IOException {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            boolean headOnly = "HEAD".equals(method);
            if (health.draining()) {
                send(exchange, 503, new Json().put("status", "draining"), headOnly);
            } else {
                send(exchange, 200, new Json().put("status", "passing"), headOnly);
            }
        } else {
            methodNotAllowed(exchange, "GET, HEAD");
        }
    }

    void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        send(exchange, 405, new Json().put("error", "method not allowed"), false);
    }

    void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, new Json().put("error", "not found"), false);
    }

    void send(HttpExchange exchange, int status, Json json, boolean headOnly) throws IOException {
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

    static void simulateWork(int responseDelayMs) {
        if (responseDelayMs == 0) {
            return;
        }
        try {
            Thread.sleep(responseDelayMs);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // answer now; the pool is being shut down
        }
    }
}
