package dev.provision.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local Consul agent's health API, as far as the services use it: {@code GET
 * /v1/health/service/nats?passing} answers the instances set here (none at first), in Consul's
 * JSON shape (the service's address empty, so the node's is used, as Consul does).
 */
final class FakeConsul implements AutoCloseable {
    private final HttpServer server;
    private volatile List<Integer> natsPorts = List.of();
    private final AtomicInteger queries = new AtomicInteger();

    FakeConsul() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/health/service/", exchange -> {
            String body;
            int status = 200;
            if (exchange.getRequestURI().getPath().equals("/v1/health/service/nats")
                    && "passing".equals(exchange.getRequestURI().getQuery())) {
                queries.incrementAndGet();
                StringBuilder out = new StringBuilder("[");
                for (int port : natsPorts) {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append("{\"Node\":{\"Node\":\"broker-1\",\"Address\":\"127.0.0.1\"},"
                            + "\"Service\":{\"ID\":\"nats\",\"Service\":\"nats\",\"Address\":\"\",\"Port\":")
                            .append(port).append("},\"Checks\":[]}");
                }
                body = out.append(']').toString();
            } else {
                status = 404;
                body = "not found";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void list(Integer... ports) {
        natsPorts = List.of(ports);
    }

    int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
