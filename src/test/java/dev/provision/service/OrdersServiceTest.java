package dev.provision.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The orders service as a real process on loopback, without a broker (see PubSubTest for one). */
class OrdersServiceTest {
    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    @Test
    void identityHealthErrorsAndTheRequestLog() throws Exception {
        ServiceProcess orders = ServiceProcess.startMain(ServiceProcess.ORDERS, "--replica", "orders-1",
                "--address", "198.18.0.31", "--drain-seconds", "0");
        started.add(orders);

        HttpResponse<String> identity = orders.get("/orders", "gw-0001");
        assertEquals(200, identity.statusCode());
        assertEquals(Map.of("service", "orders", "replica", "orders-1", "address", "198.18.0.31",
                "port", (long) orders.port(), "requests", 1L, "pid", orders.process().pid(), "broker", "none"),
                Json.parse(identity.body()));
        assertEquals(2L, ((Map<?, ?>) Json.parse(orders.get("/orders/").body())).get("requests"));
        assertEquals(200, orders.statusOf("/health"));
        assertEquals(Map.of("status", "passing"), Json.parse(orders.get("/orders/health").body()));

        HttpResponse<String> delete = orders.send("DELETE", "/orders");
        assertEquals(405, delete.statusCode());
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElse(""));
        assertEquals(404, orders.statusOf("/"));
        assertEquals(404, orders.statusOf("/orders/x"));

        HttpResponse<String> bad = orders.post("/orders", "{\"batch\":\"no spaces\"}", null);
        assertEquals(400, bad.statusCode());
        assertEquals(Map.of("error", "batch: expected 1 to 64 of A-Z a-z 0-9 _ . -"), Json.parse(bad.body()));
        assertEquals(413, orders.post("/orders", "x".repeat(OrdersRoutes.MAX_BODY + 1), null).statusCode());
        // No broker configured: a valid order cannot be published.
        HttpResponse<String> noBroker = orders.post("/orders", null, "gw-0002");
        assertEquals(503, noBroker.statusCode());
        assertEquals(Map.of("error", "broker unavailable"), Json.parse(noBroker.body()));

        assertTrue(orders.line("request: method=GET path=/orders status=200 request_id=gw-0001 ms=").isPresent(),
                String.join("\n", orders.stdoutLines()));
        assertTrue(orders.line("request: method=POST path=/orders status=503 request_id=gw-0002 ms=").isPresent());
        assertTrue(orders.line("request: method=GET path=/health status=200 request_id=- ms=").isPresent());
        assertTrue(orders.line("started: service=orders replica=orders-1 ").orElseThrow().text().endsWith(" broker=none"));

        orders.sigterm();
        assertEquals(0, orders.exitWithin(Duration.ofSeconds(10)));
        assertTrue(orders.line("stopped: served 2 requests").isPresent(), String.join("\n", orders.stdoutLines()));
    }

    @Test
    void helpAndBadArgumentsNameTheOrdersProgram() throws Exception {
        ServiceProcess help = ServiceProcess.launchMain(ServiceProcess.ORDERS, "--help");
        started.add(help);
        assertEquals(0, help.exitWithin(Duration.ofSeconds(15)));
        String text = String.join("\n", help.stdoutLines());
        assertTrue(text.startsWith("Usage: java -jar provision-orders.jar"), text);
        assertTrue(text.contains("--broker-service NAME") && text.contains("--consul-http URL"), text);

        ServiceProcess bad = ServiceProcess.launchMain(ServiceProcess.ORDERS, "--consul-http", "consul:8500");
        started.add(bad);
        assertEquals(2, bad.exitWithin(Duration.ofSeconds(15)));
        assertEquals("provision-orders: --consul-http: expected an http:// or https:// URL such as"
                + " http://127.0.0.1:8500, got 'consul:8500' (see --help)\n", bad.stderr());
    }
}
