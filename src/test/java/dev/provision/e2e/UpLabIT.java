package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provision up} on the shared lab, as Ansible tests a module: check mode on bare hosts
 * (reports changes, changes nothing), apply (converges), apply again (0 changed); first as a
 * user's own servers would be (SSH on 2222, a sudo user with a password), then with the lab's
 * own inventory (port 22, which closes 2222 again). Then the deployment is looked at from
 * outside: the balancer reaches every replica, Consul lists every replica passing, and
 * firewalld on each host opens exactly its role's ports.
 */
class UpLabIT {
    @TempDir Path work;

    @Test
    void checkThenConvergeThenNothingToDo() throws Exception {
        LabInfo lab = SharedLab.get();
        String[] labArgs = SharedLab.connectArgs();

        // Check mode on bare hosts: changes reported, none made.
        var check = E2e.provision(concat(new String[] {"up", "--check", "-o", "json"}, labArgs));
        assertEquals(0, check.exitCode(), check.transcript());
        assertTrue(totals(check.out())[1] > 10 * lab.hosts().size(), "check mode reports the changes:\n" + check.out());
        for (LabHost h : lab.hosts()) {
            ssh(h, "test ! -e /usr/local/bin/consul && ! id consul >/dev/null 2>&1 && ! test -e /etc/firewalld/zones/public.xml"
                    + " && ! command -v firewall-cmd >/dev/null");
        }

        // A user's own servers: SSH on 2222, sudo with a password; 22 kept open for the lab's inventory.
        Path foreign = work.resolve("inventory.yaml");
        Files.writeString(foreign, Files.readString(SharedLab.foreignInventory())
                .replaceFirst("(?m)^  vars:\n", "  vars:\n    firewall_extra_ports: \"22/tcp\"\n"));
        // Both inventories deploy one cluster: they share its secrets (the gossip key above all).
        Path labSecrets = lab.inventory().getParent().resolve(".provision/secrets");
        Path foreignSecrets = Files.createDirectories(work.resolve(".provision/secrets"));
        try (var files = Files.list(labSecrets)) {
            for (Path f : files.toList()) Files.copy(f, foreignSecrets.resolve(f.getFileName()));
        }
        String[] foreignArgs = {"-i", foreign.toString(), "--known-hosts", work.resolve("known_hosts.2222").toString(),
                "--accept-new-host-keys"};
        var up = E2e.provision(concat(new String[] {"up"}, foreignArgs));
        assertEquals(0, up.exitCode(), up.transcript());
        var again = E2e.provision(concat(new String[] {"up", "-o", "json"}, foreignArgs));
        assertEquals(0, again.exitCode(), again.transcript());
        assertEquals(0, totals(again.out())[1], "second run on port 2222 changes nothing:\n" + again.out());

        // The lab's own inventory: only the firewall differs (2222 no longer needed), then nothing.
        var labUp = E2e.provision(concat(new String[] {"up", "-o", "json"}, labArgs));
        assertEquals(0, labUp.exitCode(), labUp.transcript());
        assertEquals(lab.hosts().size(), totals(labUp.out())[1], "one change per host, the firewall:\n" + labUp.out());
        var labAgain = E2e.provision(concat(new String[] {"up", "-o", "json"}, labArgs));
        assertEquals(0, labAgain.exitCode(), labAgain.transcript());
        assertEquals(0, totals(labAgain.out())[1], labAgain.out());
        assertEquals(0, totals(labAgain.out())[2], labAgain.out());

        Set<String> replicas = lab.hosts().stream().filter(h -> h.group().equals(LabHost.SERVICES))
                .map(LabHost::name).collect(Collectors.toCollection(TreeSet::new));
        LabHost lb = only(lab, LabHost.LOAD_BALANCERS);
        LabHost server = only(lab, LabHost.CONSUL_SERVERS);

        // Consul lists every replica, passing its HTTP check.
        Awaitility.await("every replica passing in Consul").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> passingNodes(server).equals(replicas));

        // Through the balancer, round robin reaches every replica (bounded: 4 rounds, 60 s).
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        Awaitility.await("the balancer reaches every replica").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < 4 * replicas.size(); i++) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + lb.address() + ":80/"))
                                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                        Matcher m = Pattern.compile("\"replica\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                        if (r.statusCode() == 200 && m.find()) seen.add(m.group(1));
                    }
                    return seen.equals(replicas);
                });

        // firewalld: exactly the role's ports and SSH, nothing else (the lab's orders: its port on the replicas).
        boolean orders = Files.readString(lab.inventory()).contains("- name: orders");
        for (LabHost h : lab.hosts()) {
            Set<String> want = new TreeSet<>(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp"));
            switch (h.group()) {
                case LabHost.CONSUL_SERVERS -> want.add("8300/tcp");
                case LabHost.SERVICES -> {
                    want.add("8080/tcp");
                    if (orders) want.add("8090/tcp");
                }
                case LabHost.LOAD_BALANCERS -> want.addAll(List.of("80/tcp", "8181/tcp"));
                default -> throw new AssertionError(h.group());
            }
            if (lab.brokers().contains(h)) want.add("4222/tcp"); // the lab's broker (one: no cluster port)
            Set<String> open = new TreeSet<>(List.of(ssh(h, "sudo -n firewall-cmd --list-ports").strip().split("\\s+")));
            assertEquals(want, open, "ports open on " + h.name());
        }
    }

    private static Set<String> passingNodes(LabHost server) throws Exception {
        String out = ssh(server, "timeout 10 consul watch -type=service -service=web -passingonly=true");
        Set<String> nodes = new TreeSet<>();
        Matcher m = Pattern.compile("\"Node\":\\s*\"([^\"]+)\"").matcher(out);
        while (m.find()) nodes.add(m.group(1));
        return nodes;
    }

    /** ok, changed, failed totals of an `up -o json` summary. */
    private static long[] totals(String json) {
        Matcher m = Pattern.compile("\"totals\":\\{\"ok\":(\\d+),\"changed\":(\\d+),\"failed\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no totals in:\n" + json);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static LabHost only(LabInfo lab, String group) {
        return lab.hosts().stream().filter(h -> h.group().equals(group)).findFirst().orElseThrow();
    }

    /** Runs a command on a lab host over port 22 with the lab's key; returns stdout, fails on non-zero exit. */
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
