package dev.provision.probes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A deliberately plain HTTP client: one TCP connection per request, HTTP/1.0 so the server
 * closes it, no cookie jar, no pooling, no retries. That is what makes each answer an
 * independent balancing decision; a pooling client (java.net.http reuses connections) could
 * pin requests to one backend and hide or fake a rotation.
 */
public final class BalancerClient implements Balancer {
    private static final int MAX_BYTES = 1 << 20;

    private final String host;
    private final int port;
    private final String path;
    private final Duration timeout;
    private final Optional<String> authorization;

    public BalancerClient(String host, int port, String path, Duration timeout) {
        this(host, port, path, timeout, Optional.empty());
    }

    private BalancerClient(String host, int port, String path, Duration timeout, Optional<String> authorization) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.timeout = timeout;
        this.authorization = authorization;
    }

    /** The same client sending HTTP basic credentials (HAProxy's stats page). */
    public BalancerClient withBasicAuth(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new BalancerClient(host, port, path, timeout, Optional.of("Basic " + token));
    }

    @Override
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    }

    @Override
    public HttpAnswer get() {
        return exchange(host, port, "GET", path, null, timeout, authorization);
    }

    /**
     * One request on a fresh HTTP/1.0 connection, bounded in time as a whole; never throws for
     * network trouble, it is an answer.
     *
     * @param body a JSON body to send, or null for none
     */
    static HttpAnswer exchange(String host, int port, String method, String path, String body, Duration timeout,
            Optional<String> authorization) {
        int ms = Math.toIntExact(Math.max(1, timeout.toMillis()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var socket = new Socket()) {
            socket.setSoTimeout(ms);
            socket.connect(new InetSocketAddress(host, port), ms);
            OutputStream out = socket.getOutputStream();
            var req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.0\r\nHost: ").append(host)
                    .append(':').append(port).append("\r\nUser-Agent: provision-verify\r\nAccept: application/json\r\n");
            authorization.ifPresent(a -> req.append("Authorization: ").append(a).append("\r\n"));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return HttpAnswer.parse(readAll(socket.getInputStream(), socket, deadline));
        } catch (SocketTimeoutException e) {
            return HttpAnswer.failed("timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return HttpAnswer.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Reads to the end of the stream, bounded in size and in total time (not just per read). */
    private static String readAll(InputStream in, Socket socket, long deadline) throws IOException {
        var buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException("response not finished in time");
            socket.setSoTimeout((int) Math.max(1, left));
            int n = in.read(chunk);
            if (n < 0) break;
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_BYTES) throw new IOException("response larger than " + MAX_BYTES + " bytes");
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
