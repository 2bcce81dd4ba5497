package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balancer client against a real HTTP server on loopback. */
class BalancerClientTest {
    private HttpServer server;
    private final Set<Integer> clientPorts = new HashSet<>();
    private final List<String> cookies = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            synchronized (clientPorts) {
                clientPorts.add(ex.getRemoteAddress().getPort());
            }
            var c = ex.getRequestHeaders().getFirst("Cookie");
            if (c != null) cookies.add(c);
            var a = ex.getRequestHeaders().getFirst("Authorization");
            if (a != null) auth.add(a);
            byte[] body = "{\"service\":\"web\",\"replica\":\"web-1\",\"address\":\"127.0.0.1\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Set-Cookie", "SERVERID=web-1");
            int status = ex.getRequestURI().getPath().equals("/down") ? 503 : 200;
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BalancerClient client(String path) {
        return new BalancerClient("127.0.0.1", server.getAddress().getPort(), path, Duration.ofSeconds(3));
    }

    @Test
    void everyRequestIsAFreshConnectionWithoutCookies() {
        var c = client("/");
        for (int i = 0; i < 5; i++) {
            HttpAnswer a = c.get();
            assertTrue(a.ok(), a.describe());
            assertEquals("web-1", a.replica().orElseThrow());
        }
        assertEquals(5, clientPorts.size(), "one TCP connection per request");
        assertTrue(cookies.isEmpty(), "no cookie sent back: " + cookies);
    }

    @Test
    void aServerErrorIsAFailedAnswerNamingTheStatus() {
        HttpAnswer a = client("/down").get();
        assertFalse(a.ok());
        assertEquals("HTTP 503", a.describe());
        assertTrue(a.replica().isEmpty());
    }

    @Test
    void aClosedPortIsAFailedAnswerNotAnException() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpAnswer a = new BalancerClient("127.0.0.1", port, "/", Duration.ofSeconds(2)).get();
        assertFalse(a.ok());
        assertTrue(a.describe().toLowerCase().contains("refused"), a.describe());
    }

    @Test
    void aSilentServerTimesOutWithinTheLimit() throws Exception {
        try (var silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            HttpAnswer a = new BalancerClient("127.0.0.1", silent.getLocalPort(), "/", Duration.ofMillis(300)).get();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertFalse(a.ok());
            assertTrue(ms < 2000, "took " + ms + " ms");
        }
    }

    @Test
    void basicAuthIsSentWhenAsked() {
        assertTrue(client("/").withBasicAuth("admin", "pw").get().ok());
        assertEquals(List.of("Basic YWRtaW46cHc="), auth);
    }
}
