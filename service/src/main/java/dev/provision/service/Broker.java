package dev.provision.service;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The service's connection to the NATS broker, found through Consul.
 *
 * <p>A background thread asks the local Consul agent for the broker's passing instances every
 * second until it lists one and a connection to those succeeds; from then on jnats reconnects by
 * itself, forever ({@code maxReconnects(-1)}), every {@link #RECONNECT_WAIT}, and re-subscribes.
 * Nothing here blocks the HTTP server: {@code /health} never depends on the broker.
 */
final class Broker {
    static final Duration RETRY = Duration.ofSeconds(1);
    static final Duration RECONNECT_WAIT = Duration.ofMillis(500);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A broker host that vanishes without closing its sockets is noticed after 2 missed pings. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_DISTINCT_LINES = 50;

    /** Called once, on the discovery thread, when the first connection is made (subscribe here). */
    interface OnConnected {
        void connected(Connection connection) throws Exception;
    }

    private final String service;
    private final ConsulDiscovery discovery;
    private final String connectionName;
    private volatile OnConnected onConnected = connection -> { };
    private volatile Connection connection;
    private volatile boolean closed;
    private final Set<String> linesThisOutage = new HashSet<>();
    private Thread thread;

    private Broker(String service, ConsulDiscovery discovery, String connectionName) {
        this.service = service;
        this.discovery = discovery;
        this.connectionName = connectionName;
    }

    /** The broker the options name, or none when they name no {@code --broker-service}. */
    static Broker of(ServiceOptions options) {
        if (options.brokerService == null) {
            return new Broker(null, null, null);
        }
        return new Broker(options.brokerService, new ConsulDiscovery(options.consulHttp, options.brokerService),
                options.serviceName + "/" + options.replica);
    }

    boolean configured() {
        return service != null;
    }

    void onConnected(OnConnected action) {
        this.onConnected = action;
    }

    /** {@code connected}, {@code reconnecting} (was connected, is not now), or {@code none}. */
    String state() {
        Connection c = connection;
        if (c == null) {
            return "none";
        }
        return c.getStatus() == Connection.Status.CONNECTED ? "connected" : "reconnecting";
    }

    /** Whether a connection was ever made (after that jnats keeps it, reconnecting as needed). */
    boolean everConnected() {
        return connection != null;
    }

    /**
     * Publishes; while jnats reconnects it buffers the message and sends it on reconnection.
     *
     * @return false when there is no connection to publish on (never connected, closed, buffer full)
     */
    boolean publish(String subject, String payload) {
        Connection c = connection;
        if (c == null) {
            return false;
        }
        try {
            c.publish(subject, payload.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IllegalStateException closedOrBufferFull) {
            logOnce("broker: publish on " + subject + " failed: " + closedOrBufferFull.getMessage());
            return false;
        }
    }

    /** Starts looking for the broker in the background (no-op without a broker). */
    synchronized void start() {
        if (service == null || thread != null) {
            return;
        }
        thread = new Thread(this::discoverAndConnect, "broker-discovery");
        thread.setDaemon(true);
        thread.start();
    }

    private void discoverAndConnect() {
        String lastProblem = null;
        while (!closed) {
            String problem;
            try {
                List<String> urls = discovery.natsUrls();
                if (urls.isEmpty()) {
                    problem = "Consul lists no passing instance of '" + service + "' yet";
                } else {
                    Connection c = Nats.connect(options(urls));
                    Log.info("broker: connected to " + c.getConnectedUrl() + " (found in Consul: "
                            + String.join(",", urls) + ")");
                    try {
                        onConnected.connected(c);
                    } catch (Exception e) {
                        Log.info("broker: subscribing failed: " + e);
                    }
                    // Only now: "connected" on /events means subscribed, and the server has the
                    // subscriptions (Subscriptions flushes), so what is published next arrives.
                    connection = c;
                    return;
                }
            } catch (IOException e) {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                problem = e.toString();
            }
            if (!problem.equals(lastProblem)) {
                Log.info("broker: not connected: " + problem + "; asking " + discovery.query()
                        + " again every " + RETRY.toSeconds() + " s");
                lastProblem = problem;
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Options options(List<String> urls) {
        return new Options.Builder()
                .servers(urls.toArray(new String[0]))
                .connectionName(connectionName)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .reconnectJitter(Duration.ofMillis(100))
                .connectionTimeout(CONNECT_TIMEOUT)
                .pingInterval(PING_INTERVAL)
                .connectionListener(this::logEvent)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        logOnce("broker: error: " + error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        logOnce("broker: " + exp);
                    }

                    @Override
                    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
                        logOnce("broker: slow consumer, messages dropped: " + consumer.getDroppedCount());
                    }
                })
                .build();
    }

    /**
     * Logs a line once per outage: a broker down for an hour would otherwise log "Connection
     * refused" and "disconnected" twice a second. A reconnection starts afresh; at most
     * {@value #MAX_DISTINCT_LINES} distinct lines per outage.
     */
    private synchronized void logOnce(String line) {
        if (linesThisOutage.size() < MAX_DISTINCT_LINES && linesThisOutage.add(line)) {
            Log.info(line);
        }
    }

    private synchronized void connectedAgain(String line) {
        linesThisOutage.clear();
        Log.info(line);
    }

    private void logEvent(Connection c, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED:
                logOnce("broker: disconnected, reconnecting every " + RECONNECT_WAIT.toMillis() + " ms");
                break;
            case RECONNECTED:
                connectedAgain("broker: reconnected to " + c.getConnectedUrl());
                break;
            case RESUBSCRIBED:
                Log.info("broker: subscriptions restored");
                break;
            case CLOSED:
                Log.info("broker: connection closed");
                break;
            default:
                break;
        }
    }

    /**
     * On stop: drains the connection (subscriptions stop, messages received are handled,
     * buffered publishes are flushed), bounded by {@link #CLOSE_TIMEOUT}; then closes it.
     */
    void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            if (c.getStatus() == Connection.Status.CONNECTED) {
                c.drain(CLOSE_TIMEOUT).get(CLOSE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            Log.info("broker: drain incomplete: " + e);
        }
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
