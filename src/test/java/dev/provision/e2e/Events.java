package dev.provision.e2e;

import dev.provision.json.Json;
import dev.provision.lab.LabHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Events through the lab's sample services, counted end to end as verify's broker probes do:
 * POST /orders through the balancer publishes one (orders), every web replica subscribes (once
 * in a queue group, once each by fan-out) and lists what it got at /events?batch=ID.
 */
final class Events {
    /** What became of a stream of events. */
    record Counted(int published, int accepted, int queueLost, int fanoutLost, int replicas) {
        @Override
        public String toString() {
            return accepted + "/" + published + " accepted, " + queueLost + " lost in the queue group, " + fanoutLost
                    + " lost in fan-out over " + replicas + " replicas";
        }
    }

    private final String batch = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> accepted = new ArrayList<>();
    private final int count;
    private final Thread publisher;

    private Events(LabHost lb, int count, int rate) {
        this.count = count;
        this.publisher = new Thread(() -> publish(lb, rate), "events-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    /** Starts publishing {@code count} events at {@code rate} per second. */
    static Events publishInBackground(LabHost lb, int count, int rate) {
        return new Events(lb, count, rate);
    }

    private void publish(LabHost lb, int rate) {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = t0 + i * 1_000_000_000L / rate - System.nanoTime();
            try {
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                var r = Replicas.HTTP.send(HttpRequest.newBuilder(URI.create("http://" + lb.address() + ":80/orders"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"batch\": \"" + batch + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2 && Json.parse(r.body()) instanceof Map<?, ?> m && m.get("id") != null) {
                    synchronized (accepted) {
                        accepted.add(String.valueOf(m.get("id")));
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // not accepted: counted as such
            }
        }
    }

    /** Waits for the stream to end, then for the replicas' counts to settle (3 s unchanged, 30 s at most). */
    Counted countDelivered(List<LabHost> replicas) throws Exception {
        publisher.join(TimeUnit.MINUTES.toMillis(2));
        List<String> ids;
        synchronized (accepted) {
            ids = List.copyOf(accepted);
        }
        int[] lost = read(replicas, ids);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < until && System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(3)) {
            Thread.sleep(300);
            int[] now = read(replicas, ids);
            if (now[0] != lost[0] || now[1] != lost[1]) stableSince = System.nanoTime();
            lost = now;
        }
        return new Counted(count, ids.size(), lost[0], lost[1], replicas.size());
    }

    /** {queue-group events lost, fan-out deliveries lost} of the accepted ids. */
    private int[] read(List<LabHost> replicas, List<String> ids) {
        Set<String> queue = new HashSet<>();
        int fanoutLost = 0;
        for (LabHost h : replicas) {
            String body = Replicas.get("http://" + h.address() + ":8080/events?batch=" + batch);
            Set<String> fan = new HashSet<>();
            if (body != null && Json.parse(body) instanceof Map<?, ?> m) {
                if (m.get("queue") instanceof Map<?, ?> q && q.get("ids") instanceof List<?> l) l.forEach(x -> queue.add(String.valueOf(x)));
                if (m.get("fanout") instanceof Map<?, ?> f && f.get("ids") instanceof List<?> l) l.forEach(x -> fan.add(String.valueOf(x)));
            }
            for (String id : ids) if (!fan.contains(id)) fanoutLost++;
        }
        int queueLost = 0;
        for (String id : ids) if (!queue.contains(id)) queueLost++;
        return new int[] {queueLost, fanoutLost};
    }

    /** Seconds from {@code since} until the broker's client port greets a client again (INFO), or -1. */
    static double awaitBroker(LabHost broker, long since, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(broker.address(), 4222), 1000);
                s.setSoTimeout(1000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (line != null && line.startsWith("INFO")) return (System.nanoTime() - since) / 1e9;
            } catch (java.io.IOException notYet) {
                // restarting
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
