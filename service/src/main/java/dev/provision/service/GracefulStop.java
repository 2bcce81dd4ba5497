package dev.provision.service;

import com.sun.net.httpserver.HttpServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shutdown hook (SIGTERM from systemd): drain, then stop, then exit 0.
 *
 * <p>Draining first is what lets a replica leave without losing a request: {@code /health}
 * turns 503 so Consul's check and the balancer's health check take the replica out of rotation,
 * while {@code GET /} still answers whatever is already on its way. Only then does the server
 * close its listener and wait for the exchanges in flight, and then drain its broker connection.
 */
final class GracefulStop implements Runnable {
    /** Our handlers answer in microseconds; this bounds the wait for a slow client. */
    static final int BASE_GRACE_SECONDS = 2;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Health health;
    private final JsonHandler routes;
    private final Broker broker;
    private final int drainSeconds;
    private final int graceSeconds;

    GracefulStop(HttpServer server, ExecutorService workers, Health health, JsonHandler routes, Broker broker,
                 int drainSeconds, int responseDelayMs) {
        this.server = server;
        this.workers = workers;
        this.health = health;
        this.routes = routes;
        this.broker = broker;
        this.drainSeconds = drainSeconds;
        this.graceSeconds = graceSeconds(responseDelayMs);
    }

    /** Long enough for a request that started just before the stop to finish its simulated work. */
    static int graceSeconds(int responseDelayMs) {
        return BASE_GRACE_SECONDS + (responseDelayMs + 999) / 1000;
    }

    @Override
    public void run() {
        health.startDraining();
        Log.info("draining: /health answers 503, / keeps serving for " + drainSeconds + " s");
        sleep(TimeUnit.SECONDS.toMillis(drainSeconds));

        Log.info("stopping: listener closed, waiting up to " + graceSeconds + " s for requests in flight");
        // Returns once the last exchange in flight ends. Before Java 21, if none is in flight,
        // it waits the full grace anyway (JDK-8304065): a stop then takes drain + grace.
        server.stop(graceSeconds);
        workers.shutdown();
        try {
            workers.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }

        // Last, so what the requests published is flushed: a 202 answered is an event sent.
        broker.close();

        Log.info("stopped: served " + routes.requestsServed() + " requests");
        // A JVM ended by SIGTERM exits 143, which systemd records as a failure; this stop was clean.
        Runtime.getRuntime().halt(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
