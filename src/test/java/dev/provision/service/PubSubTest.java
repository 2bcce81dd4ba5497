package dev.provision.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.provision.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web and orders against a REAL nats-server on loopback, finding it through a fake Consul agent
 * (the health API only): work distribution in the queue group, fan-out, discovery retried until
 * Consul lists the broker, and both clients reconnecting after the broker restarts on its port.
 * Every wait is bounded in time; every load is a fixed count.
 */
class PubSubTest {
    private static final long DELIVERY_TIMEOUT_MS = 45_000;
    private static final long CONNECT_TIMEOUT_MS = 45_000;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private ServiceProcess web(String replica, String consulUrl) throws IOException {
        return open(ServiceProcess.startMain(ServiceProcess.WEB, "--replica", replica, "--address", "127.0.0.1",
                "--drain-seconds", "0", "--broker-service", "nats", "--consul-http", consulUrl));
    }

    private ServiceProcess orders(String replica, String consulUrl) throws IOException {
        return open(ServiceProcess.startMain(ServiceProcess.ORDERS, "--replica", replica, "--address", "127.0.0.1",
                "--drain-seconds", "0", "--broker-service", "nats", "--consul-http", consulUrl));
    }

    @Test
    void queueGroupProcessesEachEventOnceAndFanOutGivesEveryReplicaAll() throws Exception {
        NatsServer nats = open(NatsServer.start(tmp));
        FakeConsul consul = open(new FakeConsul());
        consul.list(nats.port());
        List<ServiceProcess> webs = List.of(web("web-1", consul.url()), web("web-2", consul.url()),
                web("web-3", consul.url()));
        ServiceProcess orders = orders("orders-1", consul.url());
        for (ServiceProcess web : webs) {
            awaitBroker(web, "/events", "connected");
        }
        awaitBroker(orders, "/orders", "connected");

        int n = 60;
        List<String> ids = publish(orders, "b1", n);
        assertEquals(n, new HashSet<>(ids).size(), "order ids must be unique: " + ids);

        Map<String, Map<String, Object>> seen = awaitDelivered(webs, "b1", n);
        List<String> processed = new ArrayList<>();
        Map<String, Integer> spread = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : seen.entrySet()) {
            List<String> queue = ids(e.getValue(), "queue");
            processed.addAll(queue);
            spread.put(e.getKey(), queue.size());
            assertEquals(new HashSet<>(ids), new HashSet<>(ids(e.getValue(), "fanout")),
                    e.getKey() + " must have seen every event on its plain subscription");
            assertEquals(n, ids(e.getValue(), "fanout").size(), e.getKey() + ": fan-out duplicates");
            assertEquals(queue.size(), latencies(e.getValue(), "queue").size());
        }
        assertEquals(n, processed.size(), "each event processed exactly once in the queue group: " + spread);
        assertEquals(new HashSet<>(ids), new HashSet<>(processed), "no event lost in the queue group");
        assertTrue(spread.values().stream().filter(c -> c > 0).count() >= 2,
                "the queue group spreads the work over the replicas: " + spread);

        // The summary: counts over all batches and the last 10 ids.
        Map<?, ?> summary = json(webs.get(0).get("/events"));
        assertEquals("connected", summary.get("broker"));
        assertEquals((long) n, ((Map<?, ?>) summary.get("fanout")).get("count"));
        assertEquals(ids.subList(n - 10, n), ((Map<?, ?>) summary.get("fanout")).get("last_ids"));

        // One request followed from the HTTP call to the replica that processed its event.
        String id = (String) json(orders.post("/orders", "{\"batch\":\"traced\"}", "rid-trace-42")).get("id");
        await("the event's processing logged with its request id", DELIVERY_TIMEOUT_MS, () -> webs.stream()
                .anyMatch(w -> w.stdoutLines().stream().anyMatch(l -> l.startsWith("processed: id=" + id + " ")
                        && l.contains(" request_id=rid-trace-42 "))));
        assertTrue(orders.stdoutLines().stream().anyMatch(l -> l.startsWith("request: method=POST path=/orders")
                && l.contains(" status=202 request_id=rid-trace-42 ")), String.join("\n", orders.stdoutLines()));

        // A stop drains the broker connection after the HTTP listener: what was accepted is sent.
        List<String> last = publish(orders, "last", 5);
        orders.sigterm();
        assertEquals(0, orders.exitWithin(java.time.Duration.ofSeconds(20)), String.join("\n", orders.stdoutLines()));
        assertTrue(orders.line("broker: connection closed").isPresent(), String.join("\n", orders.stdoutLines()));
        assertDeliveredOnceAndToAll(webs, "last", last);
    }

    @Test
    void bothClientsReconnectAfterTheBrokerRestartsOnItsPort() throws Exception {
        NatsServer nats = open(NatsServer.start(tmp));
        FakeConsul consul = open(new FakeConsul());
        consul.list(nats.port());
        List<ServiceProcess> webs = List.of(web("web-1", consul.url()), web("web-2", consul.url()));
        ServiceProcess orders = orders("orders-1", consul.url());
        for (ServiceProcess web : webs) {
            awaitBroker(web, "/events", "connected");
        }
        awaitBroker(orders, "/orders", "connected");
        List<String> before = publish(orders, "before", 10);
        assertDeliveredOnceAndToAll(webs, "before", before);

        nats.stop();
        for (ServiceProcess web : webs) {
            awaitBroker(web, "/events", "reconnecting");
            assertEquals(200, web.statusOf("/health"), "/health must not depend on the broker");
        }
        awaitBroker(orders, "/orders", "reconnecting");
        assertEquals(200, orders.statusOf("/health"), "/health must not depend on the broker");

        nats.startAgain();
        for (ServiceProcess web : webs) {
            awaitBroker(web, "/events", "connected");
            await("web's subscriptions restored", CONNECT_TIMEOUT_MS,
                    () -> web.line("broker: subscriptions restored").isPresent());
            assertTrue(web.line("broker: reconnected to nats://127.0.0.1:" + nats.port()).isPresent());
        }
        awaitBroker(orders, "/orders", "connected");
        assertTrue(orders.line("broker: reconnected to nats://127.0.0.1:" + nats.port()).isPresent());

        List<String> after = publish(orders, "after", 30);
        assertDeliveredOnceAndToAll(webs, "after", after);
    }

    @Test
    void findsTheBrokerOnlyOnceConsulListsItAndServesHealthMeanwhile() throws Exception {
        NatsServer nats = open(NatsServer.start(tmp));
        FakeConsul consul = open(new FakeConsul());
        ServiceProcess web = web("web-1", consul.url());
        ServiceProcess orders = orders("orders-1", consul.url());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServiceProcess noConsul = orders("orders-2", "http://127.0.0.1:" + closedPort);

        await("a few discovery attempts", CONNECT_TIMEOUT_MS, () -> consul.queries() >= 4);
        assertEquals(200, web.statusOf("/health"));
        assertEquals(200, orders.statusOf("/health"));
        assertEquals(200, noConsul.statusOf("/health"), "/health without any Consul");
        assertEquals("none", json(web.get("/events")).get("broker"));
        HttpResponse<String> refused = orders.post("/orders", "{\"batch\":\"early\"}", null);
        assertEquals(503, refused.statusCode());
        assertEquals(Map.of("error", "broker unavailable"), json(refused));
        assertEquals(503, noConsul.post("/orders", null, null).statusCode());
        List<String> problems = orders.stdoutLines().stream().filter(l -> l.startsWith("broker: not connected: "))
                .toList();
        assertTrue(problems.stream().anyMatch(l -> l.startsWith("broker: not connected: Consul lists no passing"
                + " instance of 'nats' yet")), String.join("\n", orders.stdoutLines()));
        for (int i = 1; i < problems.size(); i++) {
            assertTrue(!problems.get(i).equals(problems.get(i - 1)),
                    "a problem is logged when it changes, not every second: " + problems);
        }
        assertTrue(problems.size() < consul.queries(), "asked " + consul.queries() + " times, logged " + problems);
        assertTrue(noConsul.line("broker: not connected: ").isPresent(), String.join("\n", noConsul.stdoutLines()));

        consul.list(nats.port());
        awaitBroker(web, "/events", "connected");
        awaitBroker(orders, "/orders", "connected");
        List<String> ids = publish(orders, "late", 5);
        assertDeliveredOnceAndToAll(List.of(web), "late", ids);
        assertEquals("none", json(noConsul.get("/orders")).get("broker"));
    }

    // ---- helpers

    private static List<String> publish(ServiceProcess orders, String batch, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> answer = orders.post("/orders", "{\"batch\":\"" + batch + "\"}", "rid-" + batch + "-" + i);
            assertEquals(202, answer.statusCode(), answer.body());
            Map<?, ?> body = json(answer);
            assertEquals(batch, body.get("batch"));
            assertEquals("orders-1", body.get("replica"));
            ids.add((String) body.get("id"));
        }
        return ids;
    }

    private static void assertDeliveredOnceAndToAll(List<ServiceProcess> webs, String batch, List<String> ids)
            throws Exception {
        Map<String, Map<String, Object>> seen = awaitDelivered(webs, batch, ids.size());
        List<String> processed = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : seen.entrySet()) {
            processed.addAll(ids(e.getValue(), "queue"));
            assertEquals(ids, ids(e.getValue(), "fanout"), e.getKey() + ": fan-out, in publication order");
        }
        Collections.sort(processed);
        List<String> expected = new ArrayList<>(ids);
        Collections.sort(expected);
        assertEquals(expected, processed, "queue group: each event exactly once");
    }

    /**
     * Polls each replica's {@code /events?batch=} until the queue group holds n events in all
     * and each fan-out n; then waits a little more and reads again, so a late duplicate shows.
     */
    private static Map<String, Map<String, Object>> awaitDelivered(List<ServiceProcess> webs, String batch, int n)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELIVERY_TIMEOUT_MS);
        Map<String, Map<String, Object>> seen = new LinkedHashMap<>();
        while (true) {
            seen.clear();
            int queued = 0;
            boolean fanoutComplete = true;
            for (ServiceProcess web : webs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> events = (Map<String, Object>) json(web.get("/events?batch=" + batch));
                seen.put((String) events.get("replica"), events);
                queued += ids(events, "queue").size();
                fanoutComplete &= ids(events, "fanout").size() >= n;
            }
            if (queued >= n && fanoutComplete) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("batch " + batch + ": not delivered within " + DELIVERY_TIMEOUT_MS + " ms (" + n
                        + " published): " + seen);
            }
            Thread.sleep(100);
        }
        Thread.sleep(500);
        for (ServiceProcess web : webs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> events = (Map<String, Object>) json(web.get("/events?batch=" + batch));
            seen.put((String) events.get("replica"), events);
        }
        return seen;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> events, String kind) {
        return (List<String>) ((Map<String, Object>) events.get(kind)).get("ids");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> latencies(Map<String, Object> events, String kind) {
        return (List<Long>) ((Map<String, Object>) events.get(kind)).get("latency_ms");
    }

    private static void awaitBroker(ServiceProcess service, String path, String state) throws Exception {
        await(path + " says broker " + state, CONNECT_TIMEOUT_MS, () -> {
            try {
                return state.equals(json(service.get(path)).get("broker"));
            } catch (Exception e) {
                return false;
            }
        }, () -> String.join("\n", service.stdoutLines()));
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        await(what, timeoutMs, condition, () -> "");
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition,
                              java.util.function.Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + timeoutMs + " ms\n" + context.get());
            }
            Thread.sleep(100);
        }
    }

    private static Map<?, ?> json(HttpResponse<String> response) {
        Object parsed = Json.parse(response.body());
        if (!(parsed instanceof Map)) {
            fail("not a JSON object: " + response.body());
        }
        return (Map<?, ?>) parsed;
    }
}
