package dev.provision.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded, paced load through the balancer while a test does something to the deployment:
 * one GET every 1/rate seconds, each on its own worker so a slow answer does not delay the
 * schedule. Bounded in rate, count and time: it stops by itself after {@code maxDuration}
 * however the test goes. Every request sent is accounted for: answered (HTTP 200) or failed.
 */
public final class BalancerLoad implements AutoCloseable {
    static final int MAX_RATE = 100;
    static final Duration MAX_DURATION = Duration.ofMinutes(15);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern REPLICA = Pattern.compile("\"replica\"\\s*:\\s*\"([^\"]+)\"");

    private final URI uri;
    private final long t0 = System.nanoTime();
    private final HttpClient http;
    private final ExecutorService workers;
    private final Thread scheduler;
    private volatile boolean stopRequested;
    // Guarded by this.
    private final List<Outcome> outcomes = new ArrayList<>();
    private long sent;
    private Result result;

    /** What became of one request. */
    private record Outcome(long atMs, String replica, String failure) {}

    /**
     * What the load saw.
     *
     * @param firstFailures up to 10, each "at MS ms: WHY"
     * @param longestFailureStretchMs from the first to the last of the longest run of consecutive failures
     */
    public record Result(long sent, long answered, long failed, Map<String, Long> byReplica, List<String> firstFailures,
            long longestFailureStretchMs, double seconds) {
        /** One line for the test log. */
        public String summary() {
            return String.format("load: %d sent, %d answered, %d failed in %.1f s; by replica %s%s", sent, answered, failed,
                    seconds, byReplica, firstFailures.isEmpty() ? "" : "; first failures " + firstFailures);
        }
    }

    private BalancerLoad(String host, int port, int rate, Duration maxDuration) {
        if (rate < 1 || rate > MAX_RATE) throw new IllegalArgumentException("rate must be 1.." + MAX_RATE + ", got " + rate);
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("maxDuration must be positive and at most " + MAX_DURATION + ", got " + maxDuration);
        }
        this.uri = URI.create("http://" + host + ":" + port + "/");
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        // Enough workers for every request that can be in flight at once (rate x request timeout).
        int threads = (int) Math.min(200, Math.max(4, rate * (REQUEST_TIMEOUT.toSeconds() + 1)));
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            var t = new Thread(r, "balancer-load");
            t.setDaemon(true);
            return t;
        });
        long period = 1_000_000_000L / rate;
        long maxRequests = rate * maxDuration.toSeconds();
        this.scheduler = new Thread(() -> {
            for (long i = 0; i < maxRequests && !stopRequested; i++) {
                long due = t0 + i * period;
                long left = due - System.nanoTime();
                if (left > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopRequested) return;
                synchronized (this) {
                    sent++;
                }
                try {
                    workers.submit(this::one);
                } catch (RejectedExecutionException closed) {
                    synchronized (this) {
                        sent--;
                    }
                    return;
                }
            }
        }, "balancer-load-scheduler");
        scheduler.setDaemon(true);
    }

    /**
     * Waits until the balancer serves: a round of {@code 3 x replicas} requests all answered 200
     * by {@code replicas} different replicas. A fault test calls it before its load, so what the
     * test before it left settling (a reload, a Consul restart) is not counted as its own loss.
     *
     * @return the seconds it took
     * @throws AssertionError when it does not serve so within {@code max}
     */
    public static double awaitServing(String host, int port, int replicas, Duration max) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        var http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        URI uri = URI.create("http://" + host + ":" + port + "/");
        String last = "no request yet";
        while (System.nanoTime() < deadline) {
            var seen = new java.util.HashSet<String>();
            boolean allOk = true;
            for (int i = 0; i < 3 * replicas && allOk; i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.ofString());
                    Matcher m = REPLICA.matcher(r.body());
                    if (r.statusCode() == 200 && m.find()) {
                        seen.add(m.group(1));
                    } else {
                        allOk = false;
                        last = "HTTP " + r.statusCode();
                    }
                } catch (java.io.IOException e) {
                    allOk = false;
                    last = e.getClass().getSimpleName();
                }
            }
            if (allOk && seen.size() >= replicas) return (System.nanoTime() - t0) / 1e9;
            if (allOk) last = "answers from " + seen + " only";
            Thread.sleep(500);
        }
        throw new AssertionError(uri + " did not serve from " + replicas + " replicas within " + max + ": " + last);
    }

    /** Starts a load of {@code rate} requests/s to http://HOST:PORT/, for at most {@code maxDuration}. */
    public static BalancerLoad start(String host, int port, int rate, Duration maxDuration) {
        var load = new BalancerLoad(host, port, rate, maxDuration);
        load.scheduler.start();
        return load;
    }

    private void one() {
        long at = (System.nanoTime() - t0) / 1_000_000;
        String replica = null;
        String failure = null;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                failure = "HTTP " + r.statusCode();
            } else {
                Matcher m = REPLICA.matcher(r.body());
                replica = m.find() ? m.group(1) : "?";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        synchronized (this) {
            outcomes.add(new Outcome(at, replica, failure));
        }
    }

    /** Requests answered so far (tests wait for the load to be seen flowing before the fault). */
    public synchronized long answeredSoFar() {
        return outcomes.stream().filter(o -> o.failure() == null).count();
    }

    /**
     * Stops sending, waits for the requests in flight (at most the request timeout and a
     * second), and counts. A request still without an answer after that counts as failed.
     */
    public Result stop() {
        synchronized (this) {
            if (result != null) return result;
        }
        stopRequested = true;
        scheduler.interrupt();
        try {
            scheduler.join(2000);
            workers.shutdown();
            workers.awaitTermination(REQUEST_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        synchronized (this) {
            var sorted = new ArrayList<>(outcomes);
            sorted.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
            Map<String, Long> byReplica = new TreeMap<>();
            List<String> firstFailures = new ArrayList<>();
            long failed = 0;
            long longest = 0;
            long stretchStart = -1;
            for (Outcome o : sorted) {
                if (o.failure() == null) {
                    byReplica.merge(o.replica(), 1L, Long::sum);
                    stretchStart = -1;
                    continue;
                }
                failed++;
                if (firstFailures.size() < 10) firstFailures.add("at " + o.atMs() + " ms: " + o.failure());
                if (stretchStart < 0) stretchStart = o.atMs();
                longest = Math.max(longest, o.atMs() - stretchStart);
            }
            long unanswered = sent - sorted.size();
            if (unanswered > 0 && firstFailures.size() < 10) {
                firstFailures.add(unanswered + " request(s) without an answer when the load stopped");
            }
            failed += Math.max(0, unanswered);
            result = new Result(sent, sent - failed, failed, byReplica, List.copyOf(firstFailures), longest,
                    (System.nanoTime() - t0) / 1e9);
            System.out.println(result.summary());
            return result;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
