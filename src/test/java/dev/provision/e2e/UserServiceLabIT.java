package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.digest.Sha256;
import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic path is not Java-only: a user's own Python HTTP app (standard library only),
 * packed as a tar.gz here, declared in the inventory's services list with a start command,
 * deployed by {@code up}, routed by the gateway at /py. A second {@code up} changes nothing;
 * /py/ goes round robin over its replicas, each request with its own X-Request-ID, while /
 * still answers from web. A bad declaration is refused (exit 2, file:line:field) before any
 * host. At the end the lab is put back as the lab's own inventory has it (py removed).
 */
class UserServiceLabIT {
    @TempDir Path work;

    @Test
    void aPythonTarballServiceIsDeployedRoutedAndBalanced() throws Exception {
        LabInfo lab = SharedLab.get();
        Set<String> replicas = lab.hosts().stream().filter(h -> h.group().equals(LabHost.SERVICES))
                .map(LabHost::name).collect(Collectors.toCollection(TreeSet::new));
        LabHost lb = lab.hosts().stream().filter(h -> h.group().equals(LabHost.LOAD_BALANCERS)).findFirst().orElseThrow();

        // The user's artifact: app.py in a tar.gz, its sum in SHA256SUMS beside it (as sha256sum writes it).
        Path src = Files.createDirectories(work.resolve("src"));
        Files.copy(Path.of("src/test/resources/userservice/app.py"), src.resolve("app.py"));
        Path tarball = work.resolve("py-app.tar.gz");
        run(List.of("tar", "-czf", tarball.toString(), "-C", src.toString(), "app.py"));
        Files.writeString(work.resolve("SHA256SUMS"), Sha256.ofUncached(tarball) + "  py-app.tar.gz\n");

        String py = """
                      - name: py
                        port: 9000
                        route: /py
                        tarball: %s
                        start: python3 app.py --port 9000
                        packages: [python3]
                        env: {GREETING: hello from the inventory}
                """.formatted(tarball);
        Path inventory = withService(lab.inventory(), py);
        String[] args = {"-i", inventory.toString(), "--known-hosts", lab.knownHosts().toString()};

        try {
            // A mistake in the declaration: exit 2 naming the line and field, no host contacted.
            Path bad = withService(lab.inventory(), py.replace("port: 9000", "port: 8080"));
            var refused = E2e.provision("up", "-i", bad.toString(), "--known-hosts", lab.knownHosts().toString());
            assertEquals(2, refused.exitCode(), refused.transcript());
            assertTrue(Pattern.compile(Pattern.quote(bad.toString()) + ":\\d+: all\\.vars\\.services\\[\\d\\]\\.port: service py's port 8080")
                    .matcher(refused.transcript()).find() || refused.transcript().contains("is also service py's port 8080"),
                    refused.transcript());

            var up = E2e.provision(concat(new String[] {"up", "-o", "json"}, args));
            assertEquals(0, up.exitCode(), up.transcript());
            assertTrue(totals(up.out())[1] > 0, up.out());
            var again = E2e.provision(concat(new String[] {"up", "-o", "json"}, args));
            assertEquals(0, again.exitCode(), again.transcript());
            assertEquals(0, totals(again.out())[1], "a second up changes nothing:\n" + again.out());

            // Its own user, its folder, its port open on its hosts only.
            for (LabHost h : lab.hosts()) {
                String ports = ssh(h, "sudo -n firewall-cmd --list-ports");
                assertEquals(replicas.contains(h.name()), Set.of(ports.strip().split("\\s+")).contains("9000/tcp"), h.name() + ": " + ports);
            }
            LabHost first = lab.hosts().stream().filter(h -> replicas.contains(h.name())).findFirst().orElseThrow();
            assertEquals("py", ssh(first, "ps -o user= -C python3").strip());

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            String base = "http://" + lb.address() + ":80";
            // Every replica in HAProxy's rotation for /py (bounded: 90 s).
            Awaitility.await("/py/ reaches every replica").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        Set<String> seen = new HashSet<>();
                        for (int i = 0; i < 2 * replicas.size(); i++) seen.add(field(get(http, base + "/py/"), "replica"));
                        return seen.equals(replicas);
                    });

            // Round robin: 4 rounds, each replica exactly 4 times, in a strict rotation; each request its own id.
            int rounds = 4;
            List<String> order = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < rounds * replicas.size(); i++) {
                String body = get(http, base + "/py/");
                assertEquals("py", field(body, "service"), body);
                assertEquals("hello from the inventory", field(body, "greeting"), body);
                String id = field(body, "request_id");
                assertNotEquals("", id, body);
                ids.add(id);
                order.add(field(body, "replica"));
            }
            Map<String, Long> counts = order.stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
            System.out.println("UserServiceLabIT: /py/ answers per replica " + counts + ", order " + order);
            for (String r : replicas) assertEquals(rounds, counts.getOrDefault(r, 0L), "answers per replica: " + counts);
            for (int i = replicas.size(); i < order.size(); i++) {
                assertEquals(order.get(i - replicas.size()), order.get(i), "not a strict rotation: " + order);
            }
            assertEquals(order.size(), ids.size(), "every request has its own X-Request-ID");

            // "/" is still web's.
            String web = get(http, base + "/");
            assertEquals("web", field(web, "service"), web);
        } finally {
            // Back to the lab's own deployment: py's unit and registration gone, then up (firewall, gateway).
            for (LabHost h : lab.hosts()) {
                if (!replicas.contains(h.name())) continue;
                ssh(h, "sudo -n sh -c 'systemctl disable --now py 2>/dev/null; rm -f /etc/systemd/system/py.service"
                        + " /etc/consul.d/py.json; systemctl daemon-reload; systemctl reload consul'");
            }
            var restore = E2e.provision(concat(new String[] {"up"}, SharedLab.connectArgs()));
            assertEquals(0, restore.exitCode(), restore.transcript());
        }
    }

    /** The lab's inventory with one more service in its services list (a list of its own when it has none). */
    private Path withService(Path labInventory, String item) throws Exception {
        String text = Files.readString(labInventory);
        // The first "    services:" is all.vars' list (vars come before children, whose group has the same name).
        int at = text.indexOf("\n    services:\n");
        if (at >= 0 && at < text.indexOf("\n  children:")) {
            int after = at + "\n    services:\n".length();
            text = text.substring(0, after) + item + text.substring(after);
        } else {
            text = text.replaceFirst("\n  vars:\n", "\n  vars:\n    services:\n" + Matcher.quoteReplacement(item));
        }
        Path out = Files.createTempFile(work, "inventory", ".yaml");
        Files.writeString(out, text);
        return out;
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static long[] totals(String json) {
        Matcher m = Pattern.compile("\"totals\":\\{\"ok\":(\\d+),\"changed\":(\\d+),\"failed\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no totals in:\n" + json);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static void run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, argv + ":\n" + out);
    }

    private static String ssh(LabHost h, String command) throws Exception {
        List<String> argv = new Lab(new PrintWriter(System.out, true)).sshCommand(SharedLab.NAME, h.address(), "sh", "-c",
                SharedLab.quote(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out on " + h.name() + ": " + command);
        }
        if (p.exitValue() != 0) throw new AssertionError(h.name() + ": " + command + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
