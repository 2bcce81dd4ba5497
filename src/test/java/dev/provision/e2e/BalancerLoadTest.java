package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load the fault tests count with, against a loopback server that answers as replicas would. */
class BalancerLoadTest {
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    /** Every n-th request answers 503 (0: never). */
    private volatile int failEvery;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = calls.incrementAndGet();
            boolean fail = failEvery > 0 && n % failEvery == 0;
            byte[] body = ("{\"replica\": \"web-" + (n % 2 + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(fail ? 503 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyRequestSentIsAnsweredOrCountedFailed() throws Exception {
        failEvery = 4;
        try (var load = BalancerLoad.start("127.0.0.1", server.getAddress().getPort(), 40, Duration.ofSeconds(30))) {
            Thread.sleep(1000);
            var r = load.stop();
            assertTrue(r.sent() >= 20, r.summary());
            assertEquals(r.sent(), r.answered() + r.failed(), r.summary());
            assertEquals(calls.get() / 4, r.failed(), r.summary());
            assertEquals(r.answered(), r.byReplica().values().stream().mapToLong(Long::longValue).sum(), r.summary());
            assertTrue(r.byReplica().containsKey("web-1") && r.byReplica().containsKey("web-2"), r.summary());
            assertTrue(r.firstFailures().get(0).contains("HTTP 503"), r.summary());
        }
    }

    @Test
    void aBalancerThatIsGoneCountsEveryRequestFailed() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (var load = BalancerLoad.start("127.0.0.1", port, 20, Duration.ofSeconds(30))) {
            Thread.sleep(600);
            var r = load.stop();
            assertTrue(r.sent() > 0, r.summary());
            assertEquals(r.sent(), r.failed(), r.summary());
            assertTrue(r.longestFailureStretchMs() > 0, r.summary());
        }
    }

    @Test
    void stopsByItselfAtItsMaximumDuration() throws Exception {
        try (var load = BalancerLoad.start("127.0.0.1", server.getAddress().getPort(), 10, Duration.ofSeconds(1))) {
            Thread.sleep(2500);
            var r = load.stop();
            assertTrue(r.sent() <= 10, "at most rate x maxDuration requests: " + r.summary());
        }
    }

    @Test
    void awaitServingWaitsForEveryReplicaAndEveryAnswerOk() throws Exception {
        int port = server.getAddress().getPort();
        failEvery = 0;
        assertTrue(BalancerLoad.awaitServing("127.0.0.1", port, 2, Duration.ofSeconds(10)) < 10);
        // Only two replicas answer: three are never seen.
        assertThrows(AssertionError.class, () -> BalancerLoad.awaitServing("127.0.0.1", port, 3, Duration.ofSeconds(2)));
        // Every third request fails: a round of six is never all 200.
        failEvery = 3;
        assertThrows(AssertionError.class, () -> BalancerLoad.awaitServing("127.0.0.1", port, 2, Duration.ofSeconds(2)));
    }

    @Test
    void refusesAnUnboundedLoad() {
        assertThrows(IllegalArgumentException.class, () -> BalancerLoad.start("127.0.0.1", 1, 1000, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> BalancerLoad.start("127.0.0.1", 1, 10, Duration.ofHours(1)));
    }
}
