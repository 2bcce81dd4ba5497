package dev.provision.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services' parts without a process: parsing, discovery answers, the bounded event log. */
class ServiceUnitsTest {

    @Test
    void jsonReaderReadsNestedValuesAndEscapes() {
        Object parsed = JsonReader.parse(" {\"a\": [1, -2.5, true, null, \"x\\\"\\u00e9\\n\"], \"b\": {}} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, -2.5, true, null, "x\"\u00e9\n"), "b", Map.of()), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\u0001\"", "tru", "{a:1}", "\"\\q\""})
    void jsonReaderRefusesWhatIsNotJson(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(text));
        assertTrue(e.getMessage().startsWith("not JSON at character "), e.getMessage());
    }

    @Test
    void jsonReaderBoundsNesting() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(deep));
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        JsonReader.parse(ok);
    }

    @Test
    void jsonWriterNestsObjectsAndArraysAsValidJson() {
        String text = new dev.provision.service.Json().put("s", "a\"b").put("n", 3)
                .put("o", new dev.provision.service.Json().putStrings("ids", List.of("x", "y")))
                .putInts("l", new int[] {5, -1, 9}, 2).toString();
        assertEquals(Map.of("s", "a\"b", "n", 3L, "o", Map.of("ids", List.of("x", "y")), "l", List.of(5L, -1L)),
                Json.parse(text));
    }

    @Test
    void consulAnswerGivesOneUrlPerPassingInstanceServiceAddressFirst() throws IOException {
        String answer = "[{\"Node\":{\"Address\":\"198.18.0.10\"},\"Service\":{\"Address\":\"\",\"Port\":4222}},"
                + "{\"Node\":{\"Address\":\"198.18.0.11\"},\"Service\":{\"Address\":\"10.0.0.5\",\"Port\":4223}},"
                + "{\"Node\":{\"Address\":\"fd00::1\"},\"Service\":{\"Port\":4222}},"
                + "{\"Node\":{\"Address\":\"198.18.0.10\"},\"Service\":{\"Address\":\"\",\"Port\":4222}},"
                + "{\"Node\":{\"Address\":\"198.18.0.12\"},\"Service\":{\"Address\":\"\",\"Port\":0}}]";
        assertEquals(List.of("nats://198.18.0.10:4222", "nats://10.0.0.5:4223", "nats://[fd00::1]:4222"),
                ConsulDiscovery.parse(answer));
        assertEquals(List.of(), ConsulDiscovery.parse("[]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "not json", "\"x\""})
    void consulAnswerThatIsNoArrayIsAnError(String answer) {
        assertThrows(IOException.class, () -> ConsulDiscovery.parse(answer));
    }

    @Test
    void consulQueryAsksForPassingInstancesOnly() {
        assertEquals("http://127.0.0.1:8500/v1/health/service/nats?passing",
                new ConsulDiscovery("http://127.0.0.1:8500", "nats").query());
    }

    @Test
    void eventLogKeepsCountsAndTheLastTenIds() {
        EventLog log = new EventLog();
        for (int i = 1; i <= 25; i++) {
            assertTrue(log.record(EventLog.Kind.FANOUT, "id-" + i, "b", i));
        }
        log.record(EventLog.Kind.QUEUE, "id-1", "b", 7);
        Map<?, ?> summary = (Map<?, ?>) Json.parse(log.summary("web-1", "connected").toString());
        Map<?, ?> fanout = (Map<?, ?>) summary.get("fanout");
        assertEquals(25L, fanout.get("count"));
        List<String> lastTen = new ArrayList<>();
        for (int i = 16; i <= 25; i++) {
            lastTen.add("id-" + i);
        }
        assertEquals(lastTen, fanout.get("last_ids"));
        assertEquals(Map.of("count", 1L, "last_ids", List.of("id-1")), summary.get("queue"));
        assertEquals("web-1", summary.get("replica"));
        assertEquals("connected", summary.get("broker"));
    }

    @Test
    void eventLogBoundsIdsPerBatchAndForgetsTheOldestBatch() {
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.MAX_IDS_PER_BATCH + 50; i++) {
            log.record(EventLog.Kind.QUEUE, "o-" + i, "big", i);
        }
        Map<?, ?> big = (Map<?, ?>) Json.parse(log.batch("web-1", "big").toString());
        Map<?, ?> queue = (Map<?, ?>) big.get("queue");
        assertEquals(EventLog.MAX_IDS_PER_BATCH, ((List<?>) queue.get("ids")).size());
        assertEquals(EventLog.MAX_IDS_PER_BATCH, ((List<?>) queue.get("latency_ms")).size());
        assertEquals("o-9999", ((List<?>) queue.get("ids")).get(9999));
        assertEquals(9999L, ((List<?>) queue.get("latency_ms")).get(9999));
        assertEquals(Map.of("ids", List.of(), "latency_ms", List.of()), big.get("fanout"));

        for (int b = 1; b <= EventLog.MAX_BATCHES; b++) {
            log.record(EventLog.Kind.FANOUT, "x", "batch-" + b, 1);
        }
        Map<?, ?> forgotten = (Map<?, ?>) Json.parse(log.batch("web-1", "big").toString());
        assertEquals(List.of(), ((Map<?, ?>) forgotten.get("queue")).get("ids"), "the 21st batch pushes out the first");
        Map<?, ?> kept = (Map<?, ?>) Json.parse(log.batch("web-1", "batch-1").toString());
        assertEquals(List.of("x"), ((Map<?, ?>) kept.get("fanout")).get("ids"));
    }

    @Test
    void eventLogRefusesIdsAndBatchesOutsideTheirAlphabet() {
        EventLog log = new EventLog();
        assertTrue(!log.record(EventLog.Kind.QUEUE, "a,b", "b", 1));
        assertTrue(!log.record(EventLog.Kind.QUEUE, "a", "b c", 1));
        assertTrue(!log.record(EventLog.Kind.QUEUE, "a", "x".repeat(65), 1));
        assertTrue(!log.record(EventLog.Kind.QUEUE, null, "b", 1));
        Map<?, ?> summary = (Map<?, ?>) Json.parse(log.summary("w", "none").toString());
        assertEquals(0L, ((Map<?, ?>) summary.get("queue")).get("count"));
    }

    @Test
    void orderBodyNamesTheBatchOrFallsBackToDefault() {
        assertEquals("default", OrdersRoutes.batchOf(""));
        assertEquals("default", OrdersRoutes.batchOf("  \n"));
        assertEquals("default", OrdersRoutes.batchOf("{\"item\": 3}"));
        assertEquals("b-1.x_Y", OrdersRoutes.batchOf("{\"batch\": \"b-1.x_Y\"}"));
        assertEquals("x".repeat(64), OrdersRoutes.batchOf("{\"batch\": \"" + "x".repeat(64) + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"batch\": \"a b\"}", "{\"batch\": 7}", "{\"batch\": \"\"}", "[1]", "{", "batch=x"})
    void orderBodyThatIsBadIsRefused(String body) {
        assertThrows(IllegalArgumentException.class, () -> OrdersRoutes.batchOf(body));
    }

    @Test
    void queryParameterIsDecodedAndFirstWins() {
        assertEquals("b 1", Routes.queryParameter("x=1&batch=b%201&batch=2", "batch"));
        assertNull(Routes.queryParameter("x=1", "batch"));
        assertNull(Routes.queryParameter(null, "batch"));
        assertEquals("", Routes.queryParameter("batch", "batch"));
    }

    @Test
    void brokerOptionsAndPerProgramDefaults() throws UsageException {
        ServiceOptions web = ServiceOptions.parse(new String[0], Program.WEB);
        assertEquals(8080, web.port);
        assertEquals("web", web.serviceName);
        assertNull(web.brokerService);
        assertEquals("http://127.0.0.1:8500", web.consulHttp);
        ServiceOptions orders = ServiceOptions.parse(
                new String[] {"--broker-service", "nats", "--consul-http=http://[::1]:8501/"}, Program.ORDERS);
        assertEquals(8090, orders.port);
        assertEquals("orders", orders.serviceName);
        assertEquals("nats", orders.brokerService);
        assertEquals("http://[::1]:8501", orders.consulHttp);
        assertTrue(ServiceOptions.usage(Program.ORDERS).startsWith("Usage: java -jar provision-orders.jar"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--consul-http=127.0.0.1:8500", "--consul-http=ftp://x", "--consul-http=http://a b",
            "--consul-http=http://x/?q=1", "--broker-service=na ts", "--broker-service"})
    void badBrokerOptionsAreUsageErrors(String arg) {
        UsageException e = assertThrows(UsageException.class, () -> ServiceOptions.parse(new String[] {arg}, Program.WEB));
        assertTrue(e.getMessage().startsWith(arg.contains("consul") ? "--consul-http: " : "--broker-service: "),
                e.getMessage());
    }

    @Test
    void printableKeepsALogTokenOnOneLine() {
        assertEquals("a?b?c", JsonHandler.printable("a b\nc", 10));
        assertEquals("abc...", JsonHandler.printable("abcdef", 3));
    }
}
