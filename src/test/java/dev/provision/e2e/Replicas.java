package dev.provision.e2e;

import dev.provision.lab.LabHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** The sample service's replicas as a client sees them: each answer names the replica that gave it. */
final class Replicas {
    private static final Pattern REPLICA = Pattern.compile("\"replica\"\\s*:\\s*\"([^\"]*)\"");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Replicas() {}

    /** The name a replica gives in its answers, asked directly (port 8080, not through the balancer). */
    static String nameOf(LabHost replica) throws Exception {
        String body = get("http://" + replica.address() + ":8080/");
        var m = REPLICA.matcher(body == null ? "" : body);
        if (!m.find()) throw new AssertionError(replica.name() + " answered without a replica name: " + body);
        return m.group(1);
    }

    /** Seconds until the balancer gives an answer from {@code name} (asked every 50 ms), or -1 after {@code within}. */
    static double awaitAnswerFrom(LabHost lb, String name, Duration within) throws InterruptedException {
        long t0 = System.nanoTime();
        long until = t0 + within.toNanos();
        while (System.nanoTime() < until) {
            String body = get("http://" + lb.address() + ":80/");
            if (body != null && body.contains("\"" + name + "\"")) return (System.nanoTime() - t0) / 1e9;
            Thread.sleep(50);
        }
        return -1;
    }

    /** The body of a 200 answer, or null. */
    static String get(String url) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
