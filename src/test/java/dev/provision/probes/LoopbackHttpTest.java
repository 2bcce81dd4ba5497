package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The loopback request script, run by a real bash against a real server on this machine. */
class LoopbackHttpTest {
    private static String[] runLocally(String script) throws Exception {
        var p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        return new String[] {String.valueOf(rc), out};
    }

    @Test
    void getsTheRawResponseFromALoopbackPort() throws Exception {
        var seenUri = new AtomicReference<String>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seenUri.set(ex.getRequestURI().toString());
            byte[] body = "[{\"Node\":{\"Node\":\"web-1\"}}]".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            var cmd = LoopbackHttp.command(server.getAddress().getPort(), "/v1/health/service/web?passing");
            String[] r = runLocally(cmd.script());
            assertEquals("0", r[0]);
            HttpAnswer a = HttpAnswer.parse(r[1]);
            assertEquals(200, a.status());
            assertEquals("[{\"Node\":{\"Node\":\"web-1\"}}]", a.body());
            assertEquals("/v1/health/service/web?passing", seenUri.get());
            assertEquals(1, ConsulCatalog.parse(a.body()).instances().size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningExitsSeven() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] r = runLocally(LoopbackHttp.command(port, "/").script());
        assertEquals("7", r[0]);
        assertTrue(r[1].isEmpty());
    }
}
