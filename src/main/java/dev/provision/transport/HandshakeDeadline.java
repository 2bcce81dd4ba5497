package dev.provision.transport;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * One deadline for a whole SSH handshake: TCP connect, the server's banner, key exchange and
 * authentication. SSHJ's own timeouts cover the TCP connect and each packet it waits for, but
 * not the banner read, which blocks for ever on a port that accepts TCP and never speaks SSH.
 * At the deadline the socket is closed under SSHJ, which fails whatever it was waiting for.
 *
 * <p>Used as the client's socket factory, so it holds the socket from the moment it exists; it
 * also keeps the first bytes the server sent, to say what answered when it was not SSH.
 */
final class HandshakeDeadline extends SocketFactory implements AutoCloseable {
    private static final int KEPT_BYTES = 48;
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "ssh-handshake-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Duration limit;
    private final ByteArrayOutputStream firstBytes = new ByteArrayOutputStream();
    private final ScheduledFuture<?> alarm;
    private Socket socket;
    private boolean expired;

    private HandshakeDeadline(Duration limit) {
        this.limit = limit;
        this.alarm = ALARMS.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the clock now. */
    static HandshakeDeadline start(Duration limit) {
        return new HandshakeDeadline(limit);
    }

    Duration limit() {
        return limit;
    }

    /** The deadline passed before {@link #close()}: the handshake was cut off. */
    synchronized boolean expired() {
        return expired;
    }

    /**
     * Why connecting was cut off at the deadline, for a message that names the host before it:
     * no TCP answer, no SSH banner (and what the port sent instead), or a key exchange that did
     * not finish.
     *
     * @param serverVersion the banner the server sent, or null
     */
    synchronized String stalledConnecting(int port, String serverVersion) {
        String within = " within " + limit.toSeconds() + " s (--connect-timeout)";
        if (socket == null || !socket.isConnected()) {
            return "no answer on port " + port + within + " (host down, or the port filtered?)";
        }
        if (serverVersion == null || serverVersion.isEmpty()) {
            String sent = shown(firstBytes.toByteArray());
            return "port " + port + " accepted the connection but sent no SSH banner" + within
                    + (sent.isEmpty() ? "" : "; it sent \"" + sent + "\"") + " (is an SSH server listening there?)";
        }
        return "key exchange with \"" + shown(serverVersion.getBytes(StandardCharsets.UTF_8)) + "\" did not finish" + within;
    }

    /** Bytes from the network as text safe for a terminal: printable ASCII, the rest escaped. */
    static String shown(byte[] bytes) {
        var sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private synchronized void expire() {
        expired = true;
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is the whole point; a socket that fails to close is already unusable.
        }
    }

    /** The handshake finished (or failed on its own): the connection is no longer watched. */
    @Override
    public void close() {
        alarm.cancel(false);
    }

    @Override
    public synchronized Socket createSocket() throws IOException {
        if (expired) throw new SocketTimeoutException("handshake deadline passed before connecting");
        socket = new Socket() {
            @Override
            public InputStream getInputStream() throws IOException {
                return new Keeping(super.getInputStream());
            }
        };
        return socket;
    }

    // SSHJ makes its socket unconnected, then connects it itself; these are never used.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Passes everything through, keeping a copy of the first few bytes. */
    private final class Keeping extends FilterInputStream {
        Keeping(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) keep(new byte[] {(byte) b}, 0, 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) keep(buf, off, n);
            return n;
        }

        private void keep(byte[] buf, int off, int n) {
            synchronized (HandshakeDeadline.this) {
                int room = KEPT_BYTES - firstBytes.size();
                if (room > 0) firstBytes.write(buf, off, Math.min(room, n));
            }
        }
    }
}
