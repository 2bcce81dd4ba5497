package dev.provision.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Black-box tests of the microservice: a real process, HTTP on loopback. */
class WebServiceTest {
    /** Drain 1 s + stop grace 2 s (Java 17 waits all of it) + JVM exit, with room for a busy CI. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1 + 2 + 5);

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopServices() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    private ServiceProcess start(String... args) throws IOException {
        ServiceProcess service = ServiceProcess.start(args);
        started.add(service);
        return service;
    }

    private ServiceProcess launch(String... args) throws IOException {
        ServiceProcess service = ServiceProcess.launch(args);
        started.add(service);
        return service;
    }

    @Test
    void rootNamesTheReplicaAndCountsEveryRequestIncludingItself() throws Exception {
        ServiceProcess service = start("--service-name", "shop", "--replica", "web-7", "--address", "198.18.0.21");

        HttpResponse<String> first = service.get("/");
        HttpResponse<String> second = service.get("/?any=query");

        assertEquals(200, first.statusCode());
        assertEquals("application/json", first.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Map.of("service", "shop", "replica", "web-7", "address", "198.18.0.21",
                "port", (long) service.port(), "requests", 1L, "pid", service.process().pid()),
                FlatJson.parse(first.body()));
        assertEquals(2L, FlatJson.parse(second.body()).get("requests"));
    }

    @Test
    void eventsWithoutABrokerAreEmptyAndBatchNamesAreChecked() throws Exception {
        ServiceProcess service = start("--replica", "web-2", "--address", "198.18.0.22");

        assertEquals(dev.provision.json.Json.parse("{\"replica\":\"web-2\",\"broker\":\"none\","
                + "\"queue\":{\"count\":0,\"last_ids\":[]},\"fanout\":{\"count\":0,\"last_ids\":[]}}"),
                dev.provision.json.Json.parse(service.get("/events", "rid-9").body()));
        assertEquals(dev.provision.json.Json.parse("{\"replica\":\"web-2\",\"batch\":\"b1\","
                + "\"queue\":{\"ids\":[],\"latency_ms\":[]},\"fanout\":{\"ids\":[],\"latency_ms\":[]}}"),
                dev.provision.json.Json.parse(service.get("/events?batch=b1").body()));
        assertEquals(400, service.statusOf("/events?batch=a%20b"));
        assertEquals(405, service.send("POST", "/events").statusCode());
        assertTrue(service.line("request: method=GET path=/events status=200 request_id=rid-9 ms=").isPresent(),
                String.join("\n", service.stdoutLines()));
    }

    @Test
    void counterGivesEachConcurrentRequestItsOwnNumber() throws Exception {
        ServiceProcess service = start("--replica", "web-1", "--address", "198.18.0.21");
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> clients = Collections.nCopies(threads, () -> {
                List<Long> seen = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    HttpResponse<String> answer = service.get("/");
                    assertEquals(200, answer.statusCode());
                    seen.add((Long) FlatJson.parse(answer.body()).get("requests"));
                }
                return seen;
            });
            Set<Long> numbers = new HashSet<>();
            for (Future<List<Long>> client : pool.invokeAll(clients, 60, TimeUnit.SECONDS)) {
                numbers.addAll(client.get());
            }
            // A lost update would hand out a number twice and leave a gap.
            assertEquals(threads * perThread, numbers.size());
            assertEquals(1L, Collections.min(numbers));
            assertEquals((long) threads * perThread, Collections.max(numbers));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void healthIsPassing() throws Exception {
        ServiceProcess service = start();

        HttpResponse<String> health = service.get("/health");

        assertEquals(200, health.statusCode());
        assertEquals(Map.of("status", "passing"), FlatJson.parse(health.body()));
        assertEquals(1L, FlatJson.parse(service.get("/").body()).get("requests"), "health checks are not counted");
    }

    @Test
    void unknownPathsAre404AndOtherMethodsOnRootAre405() throws Exception {
        ServiceProcess service = start();

        for (String path : List.of("/nope", "/healthz", "/health/x", "/index.html")) {
            HttpResponse<String> answer = service.get(path);
            assertEquals(404, answer.statusCode(), path);
            assertEquals(Map.of("error", "not found"), FlatJson.parse(answer.body()), path);
        }
        HttpResponse<String> post = service.send("POST", "/");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        assertEquals(Map.of("error", "method not allowed"), FlatJson.parse(post.body()));
        // Refused requests are not served requests.
        assertEquals(1L, FlatJson.parse(service.get("/").body()).get("requests"));
    }

    @Test
    void replicaAndAddressDefaultToThisMachinesNameAndFirstNonLoopbackIpv4() throws Exception {
        ServiceProcess service = start();

        Map<String, Object> answer = FlatJson.parse(service.get("/").body());

        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), answer.get("replica"));
        String address = (String) answer.get("address");
        List<String> ipv4OfThisMachine = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && nic.isUp() && !a.isLoopbackAddress()) {
                    ipv4OfThisMachine.add(a.getHostAddress());
                }
            }
        }
        if (ipv4OfThisMachine.isEmpty()) {
            assertEquals("127.0.0.1", address);
        } else {
            assertTrue(ipv4OfThisMachine.contains(address), address + " not in " + ipv4OfThisMachine);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port abc              | --port",
        "--port 70000            | --port",
        "--drain-seconds -1      | --drain-seconds",
        "--drain-seconds         | --drain-seconds",
        "--address web-1.example | --address",
        "--bind localhost        | --bind",
        "--replica a/b           | --replica",
        "--service-name ''       | --service-name",
        "--colour blue           | --colour",
        "--port 1 --port 2       | --port",
        "stray                   | stray",
    })
    void badArgumentsExit2WithOneLineNamingTheOption(String args, String named) throws Exception {
        ServiceProcess service = launch(args.replace("''", "").trim().split("\\s+"));

        assertEquals(2, service.exitWithin(Duration.ofSeconds(15)));
        List<String> lines = service.stderr().lines().toList();
        assertEquals(1, lines.size(), "stderr: " + lines);
        assertTrue(lines.get(0).contains(named), lines.get(0));
        assertTrue(service.stdoutLines().isEmpty(), "stdout: " + service.stdoutLines());
    }

    @Test
    void helpPrintsTheOptionsAndExits0() throws Exception {
        ServiceProcess service = launch("--help");

        assertEquals(0, service.exitWithin(Duration.ofSeconds(15)));
        String help = String.join("\n", service.stdoutLines());
        for (String option : List.of("--port", "--bind", "--service-name", "--replica", "--address",
                "--drain-seconds")) {
            assertTrue(help.contains(option), option + " missing from: " + help);
        }
    }

    @Test
    void aTakenPortExits1SayingWhy() throws Exception {
        ServiceProcess first = start();

        ServiceProcess second = launch("--bind", "127.0.0.1", "--port", String.valueOf(first.port()));

        assertEquals(1, second.exitWithin(Duration.ofSeconds(15)));
        assertTrue(second.stderr().contains("cannot listen on 127.0.0.1:" + first.port()), second.stderr());
    }

    @Test
    void sigtermDrainsThenStopsThenExits0() throws Exception {
        ServiceProcess service = start("--drain-seconds", "1", "--replica", "web-1", "--address", "198.18.0.21");
        assertEquals(200, service.statusOf("/health"));

        service.sigterm();

        await("/health turns 503").atMost(Duration.ofMillis(900)).pollInterval(Duration.ofMillis(20))
                .until(() -> service.statusOf("/health") == 503);
        HttpResponse<String> health = service.get("/health");
        HttpResponse<String> root = service.get("/");
        assertEquals(Map.of("status", "draining"), FlatJson.parse(health.body()));
        assertEquals(200, root.statusCode(), "/ must keep serving while draining");
        assertEquals("web-1", FlatJson.parse(root.body()).get("replica"));
        await("'draining' logged").atMost(Duration.ofSeconds(2)).until(() -> service.line("draining:").isPresent());

        await("listener closed after the drain").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> service.statusOf("/") == -1);
        assertEquals(0, service.exitWithin(STOP_TIMEOUT));
        List<String> phases = service.stdoutLines().stream().map(l -> l.substring(0, l.indexOf(':')))
                .filter(phase -> !phase.equals("request")).toList();
        assertEquals(List.of("started", "draining", "stopping", "stopped"), phases);
    }

    @Test
    void aRequestInFlightWhenTheServerStopsStillCompletes() throws Exception {
        // Each GET / takes 3 s: a request accepted during the 2 s drain is still running when
        // the listener closes and the stop starts waiting. The drain is long enough that a
        // loaded machine (a slow JVM noticing SIGTERM) still leaves time to send it.
        ServiceProcess service = start("--drain-seconds", "2", "--response-delay-ms", "3000");

        service.sigterm();
        await("/health turns 503").atMost(Duration.ofMillis(1900)).pollInterval(Duration.ofMillis(20))
                .until(() -> service.statusOf("/health") == 503);
        HttpResponse<String> slow = service.getAsync("/").get(10, TimeUnit.SECONDS);
        long answeredAt = System.nanoTime();

        assertEquals(200, slow.statusCode());
        assertEquals(1L, FlatJson.parse(slow.body()).get("requests"));
        ServiceProcess.Line stopping = service.line("stopping:")
                .orElseThrow(() -> new AssertionError("no 'stopping' line before the answer: " + service.stdoutLines()));
        assertTrue(stopping.seenAtNanos() < answeredAt, "the request was not in flight when the stop began");
        // The stop takes the drain (2 s) + the grace (2 s + the 3 s delay), with 5 s of slack.
        assertEquals(0, service.exitWithin(Duration.ofSeconds(2 + 5 + 5)));
        assertFalse(service.process().isAlive());
    }
}
