package dev.provision.engine;

import dev.provision.digest.Sha256;
import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.ProvisionException;
import dev.provision.inventory.Inventory;
import java.io.ByteArrayOutputStream;
import dev.provision.output.ConsoleOutput;
import dev.provision.output.JsonSummaryOutput;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the project's real playbooks, against simulated hosts. */
class EngineTest {
    static final String[] HOSTS = {"consul-server", "lb", "web-1", "web-2"};
    @TempDir Path tmp;
    Path inventoryFile;
    Map<String, FakeHost> hosts;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** up's JSON summary, as {@code --output json} writes it. */
    final ByteArrayOutputStream json = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Path arts = Files.createDirectories(tmp.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("consul"));
            z.write("#!/bin/sh\necho fake consul\n".getBytes());
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"),
                "00  consul_1.8.7_darwin_amd64.zip\n" + dev.provision.digest.Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "fake tarball");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), dev.provision.digest.Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path jar = Files.writeString(tmp.resolve("provision-service.jar"), "fake jar");
        writeInventory(arts, jar, "");
        hosts = FakeHost.hosts(HOSTS);
    }

    void writeInventory(Path arts, Path jar, String extraAllVars) throws Exception {
        inventoryFile = tmp.resolve("inventory.yaml");
        Files.writeString(inventoryFile, """
                all:
                  vars:
                    ansible_user: root
                    artifacts_dir: %s
                    service_jar: %s
                %s
                  children:
                    consul_servers:
                      hosts:
                        consul-server: {ansible_host: 198.18.0.10}
                    load_balancers:
                      hosts:
                        lb: {ansible_host: 198.18.0.11, ansible_port: 2222}
                    services:
                      hosts:
                        web-1: {ansible_host: 198.18.0.21}
                        web-2: {ansible_host: 198.18.0.22}
                """.formatted(arts, jar, extraAllVars));
    }

    RunSummary up(boolean check, String limit, Set<String> unreachable) {
        out.reset();
        err.reset();
        Inventory inv = ProjectSchema.load(inventoryFile);
        var options = new UpOptions(check, true, 10, limit, null, Path.of("playbooks"));
        return engine(unreachable, false, false).up(inv, options);
    }

    /** The engine printing as {@code up} does: the console on out (on err with {@code json}), the summary on json. */
    Engine engine(Set<String> unreachable, boolean jsonOutput, boolean verbose, RunListener... more) {
        json.reset();
        var listeners = new java.util.ArrayList<RunListener>(List.of(
                new ConsoleOutput(writer(jsonOutput ? err : out), verbose), new JsonSummaryOutput(writer(json))));
        listeners.addAll(List.of(more));
        return new Engine(FakeHost.factory(hosts, unreachable), listeners);
    }

    static PrintWriter writer(ByteArrayOutputStream to) {
        return new PrintWriter(new OutputStreamWriter(to, StandardCharsets.UTF_8), true);
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkModeReportsChangesAndRunsNothingThatChanges() {
        RunSummary s = up(true, null, FakeHost.none());
        assertEquals(0, s.exitCode(), printed());
        for (String h : HOSTS) {
            assertTrue(s.hosts().stream().filter(r -> r.host().equals(h)).findFirst().orElseThrow().count(StepResult.Status.CHANGED) > 5, printed());
            assertEquals(List.of(), hosts.get(h).changingCommands(), h);
            assertEquals(List.of(), hosts.get(h).uploads, h);
        }
        assertTrue(printed().contains("check mode: nothing was changed"));
    }

    @Test
    void convergesThenSecondRunChangesNothing() {
        RunSummary first = up(false, null, FakeHost.none());
        assertEquals(0, first.exitCode(), printed());
        assertEquals(0, first.total(StepResult.Status.FAILED), printed());
        FakeHost web = hosts.get("web-1");
        assertEquals(Set.of("consul", "haproxy", "microservices"), Set.of("consul", "microservices", "haproxy").stream()
                .filter(u -> hosts.get("lb").users.containsKey(u) || web.users.containsKey(u)).collect(java.util.stream.Collectors.toSet()));
        assertTrue(web.packages.contains("openjdk-17-jre-headless"));
        assertEquals("active", web.units.get("web")[1]);
        assertEquals("active", hosts.get("lb").units.get("haproxy")[1]);
        // Started after their files were written: the restart handlers had nothing left to do.
        assertNull(web.restarts.get("restart consul"), web.restarts.toString());
        assertEquals(1, web.restarts.get("start consul"));
        // The consul agent was already running when the service definition arrived: one reload.
        assertEquals(1, web.restarts.get("reload-or-restart consul"), web.restarts.toString());
        // firewalld: the zone was written before the package, with the inventory's SSH port.
        String zone = new String(hosts.get("lb").files.get("/etc/firewalld/zones/public.xml").bytes());
        assertTrue(zone.contains("port=\"2222\"") && zone.contains("port=\"8181\"") && !zone.contains("port=\"8080\""), zone);
        List<String> lbCmds = hosts.get("lb").commands;
        int install = indexOf(lbCmds, "firewalld || {");
        assertTrue(install > 0 && hosts.get("lb").uploads.indexOf("/etc/firewalld/zones/public.xml") == 0, lbCmds.toString());

        hosts.values().forEach(h -> h.commands.clear());
        RunSummary second = up(false, null, FakeHost.none());
        assertEquals(0, second.exitCode(), printed());
        assertEquals(0, second.total(StepResult.Status.CHANGED), printed());
        for (String h : HOSTS) {
            // One command reads the OS and every fact: one round trip per host.
            assertEquals(1, hosts.get(h).commands.size(), hosts.get(h).commands.toString());
        }
    }

    @Test
    void handlerFiresOnlyOnChangeAndOnce() throws Exception {
        up(false, null, FakeHost.none());
        writeInventory(tmp.resolve("artifacts"), tmp.resolve("provision-service.jar"), "    health_interval: 5s");
        RunSummary s = up(false, null, FakeHost.none());
        assertEquals(0, s.exitCode(), printed());
        HostResult web = s.hosts().stream().filter(r -> r.host().equals("web-1")).findFirst().orElseThrow();
        assertEquals(List.of("consul service definition", "handler: reload consul"),
                web.steps().stream().filter(r -> r.status() == StepResult.Status.CHANGED).map(StepResult::name).toList(), printed());
        assertEquals(2, hosts.get("web-1").restarts.get("reload-or-restart consul"));
        HostResult server = s.hosts().stream().filter(r -> r.host().equals("consul-server")).findFirst().orElseThrow();
        assertEquals(0, server.count(StepResult.Status.CHANGED), printed());
    }

    @Test
    void brokenConfigNeverReplacesTheRunningOneAndOtherHostsStillRun() throws Exception {
        up(false, null, FakeHost.none());
        byte[] before = hosts.get("web-1").files.get("/etc/consul.d/consul.json").bytes();
        // Only the replicas' Consul refuses the new datacenter name.
        hosts.get("web-1").brokenMarker = "\"datacenter\": \"broken\"";
        hosts.get("web-2").brokenMarker = "\"datacenter\": \"broken\"";
        writeInventory(tmp.resolve("artifacts"), tmp.resolve("provision-service.jar"), "    consul_datacenter: broken");
        RunSummary s = up(false, null, FakeHost.none());
        assertEquals(1, s.exitCode(), printed());
        HostResult web = s.hosts().stream().filter(r -> r.host().equals("web-1")).findFirst().orElseThrow();
        StepResult failed = web.steps().get(web.steps().size() - 1);
        assertEquals("consul config", failed.name());
        assertEquals(StepResult.Status.FAILED, failed.status());
        assertTrue(failed.detail().contains("old one is kept"), failed.detail());
        assertArrayEquals(before, hosts.get("web-1").files.get("/etc/consul.d/consul.json").bytes());
        assertFalse(hosts.get("web-1").files.containsKey("/etc/consul.d/consul.json.provision-new"));
        assertNull(hosts.get("web-1").restarts.get("restart consul"), "no handler after a failed step");
        // The hosts whose validation passes converged and were restarted once.
        HostResult server = s.hosts().stream().filter(r -> r.host().equals("consul-server")).findFirst().orElseThrow();
        assertEquals(0, server.count(StepResult.Status.FAILED), printed());
        assertEquals(1, hosts.get("consul-server").restarts.get("restart consul"));
    }

    @Test
    void unreachableHostExits3AndOthersConverge() {
        RunSummary s = up(false, null, Set.of("web-2"));
        assertEquals(3, s.exitCode());
        assertTrue(s.hosts().stream().filter(r -> r.host().equals("web-2")).findFirst().orElseThrow().unreachable());
        assertEquals("active", hosts.get("web-1").units.get("web")[1]);
        String json = this.json.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"web-2\":{\"ok\":0,\"changed\":0,\"failed\":0,\"unreachable\":true"), json);
        assertTrue(json.contains("\"totals\":{"), json);
        assertTrue(json.contains("\"longest_step\":{"), json);
    }

    @Test
    void limitRunsOnlyTheNamedHostsButKnowsTheServers() {
        RunSummary s = up(false, "web-1", FakeHost.none());
        assertEquals(List.of("web-1"), s.hosts().stream().map(HostResult::host).toList());
        assertTrue(hosts.get("consul-server").commands.isEmpty());
        String cfg = new String(hosts.get("web-1").files.get("/etc/consul.d/consul.json").bytes());
        assertTrue(cfg.contains("\"retry_join\": [\"198.18.0.10\"]"), cfg);
        var e = assertThrows(ProvisionException.class, () -> up(false, "nope", FakeHost.none()));
        assertEquals(2, e.exitCode());
    }

    @Test
    void everyCommandIsBoundedByItsStepsTimeout() {
        up(false, null, FakeHost.none());
        Map<String, java.time.Duration> lb = hosts.get("lb").timeouts;
        var build = lb.entrySet().stream().filter(e -> e.getKey().contains("make -j")).findFirst().orElseThrow();
        assertTrue(build.getValue().compareTo(java.time.Duration.ofMinutes(29)) > 0
                && build.getValue().compareTo(java.time.Duration.ofMinutes(30)) <= 0, "the build step declares 30m: " + build.getValue());
        var install = lb.entrySet().stream().filter(e -> e.getKey().contains("apt-get install")).findFirst().orElseThrow();
        assertTrue(install.getValue().compareTo(java.time.Duration.ofMinutes(20)) <= 0
                && install.getValue().compareTo(java.time.Duration.ofMinutes(19)) > 0, "package default 20m: " + install.getValue());
        var start = lb.entrySet().stream().filter(e -> e.getKey().startsWith("systemctl")).findFirst().orElseThrow();
        assertTrue(start.getValue().compareTo(java.time.Duration.ofMinutes(5)) <= 0, "other steps 5m: " + start.getValue());
    }

    @Test
    void aStepPastItsTimeoutFailsThatHostNamingTheStepsLineAndTheOthersGoOn() throws Exception {
        Path books = tmp.resolve("playbooks");
        try (var files = Files.walk(Path.of("playbooks"))) {
            for (Path p : files.toList()) {
                Path to = books.resolve(Path.of("playbooks").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        Path balancer = books.resolve("40-balancer.yaml");
        Files.writeString(balancer, Files.readString(balancer).replace("timeout: 30m", "timeout: 1s"));
        hosts.get("lb").hangsOn = "make -j";
        Inventory inv = ProjectSchema.load(inventoryFile);
        var options = new UpOptions(false, false, 10, null, null, books);
        var events = new RecordingListener();
        RunSummary s = engine(FakeHost.none(), false, false, events).up(inv, options);
        assertEquals(1, s.exitCode(), printed());
        HostResult lb = s.hosts().stream().filter(r -> r.host().equals("lb")).findFirst().orElseThrow();
        StepResult failed = lb.steps().stream().filter(r -> r.status() == StepResult.Status.FAILED).findFirst().orElseThrow();
        assertEquals("haproxy build", failed.name());
        assertTrue(failed.detail().contains("command did not finish within"), failed.detail());
        assertTrue(failed.detail().contains("the step's timeout is 1s: to allow longer, give the step 'timeout:' at "
                + balancer), failed.detail());
        // The listeners heard it all: the failure, then the steps it left out; each host started and finished.
        List<String> lbEvents = events.of("lb");
        int failedAt = java.util.stream.IntStream.range(0, lbEvents.size())
                .filter(i -> lbEvents.get(i).startsWith("stepFinished lb haproxy build FAILED ")).findFirst().orElse(-1);
        assertTrue(failedAt > 0 && lbEvents.get(failedAt + 1).startsWith("stepSkipped lb "), lbEvents.toString());
        assertTrue(lbEvents.get(lbEvents.size() - 2).startsWith("stepSkipped lb ") && lbEvents.get(lbEvents.size() - 1).equals("hostFinished lb"),
                lbEvents.toString());
        assertEquals("runStarted [consul-server, lb, web-1, web-2]", events.lines.get(0));
        assertEquals("runFinished 1", events.lines.get(events.lines.size() - 1));
        assertTrue(events.of("web-1").stream().anyMatch(e -> e.startsWith("handlerRan web-1 handler: ")), events.of("web-1").toString());
        for (String other : List.of("consul-server", "web-1", "web-2")) {
            HostResult r = s.hosts().stream().filter(h -> h.host().equals(other)).findFirst().orElseThrow();
            assertFalse(r.failed(), other + " is not affected:\n" + printed());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "web-1,", ",web-1", "web-1,,lb", "web-1, ,lb"})
    void anEmptyLimitOrAnEmptyNameInItIsRefusedBeforeAnyHostIsContacted(String limit) {
        var e = assertThrows(ProvisionException.class, () -> up(false, limit, FakeHost.none()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("--limit "), e.getMessage());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        for (String h : HOSTS) assertTrue(hosts.get(h).commands.isEmpty(), h + " was contacted");
    }

    @Test
    void aLimitNamePartThatMatchesNothingIsNamed() {
        var e = assertThrows(ProvisionException.class, () -> up(false, "web-1,web-9", FakeHost.none()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("--limit web-9: no host or group of that name"), e.getMessage());
        for (String h : HOSTS) assertTrue(hosts.get(h).commands.isEmpty(), h + " was contacted");
    }

    @Test
    void secretsAreGeneratedOnceAndNeverPrinted() throws Exception {
        up(false, null, FakeHost.none());
        String key = Files.readString(tmp.resolve(".provision/secrets/consul_gossip_key")).strip();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve(".provision/secrets/consul_gossip_key"))));
        for (String h : HOSTS) {
            assertTrue(new String(hosts.get(h).files.get("/etc/consul.d/consul.json").bytes()).contains(key), h);
        }
        hosts = FakeHost.hosts(HOSTS); // fresh hosts: everything is written again, with --diff
        up(false, null, FakeHost.none());
        assertEquals(key, Files.readString(tmp.resolve(".provision/secrets/consul_gossip_key")).strip());
        assertTrue(printed().contains("\"encrypt\": \"********\""), "the diff shows the key masked");
        assertFalse(printed().contains(key));
        String stats = Files.readString(tmp.resolve(".provision/secrets/haproxy_stats_password")).strip();
        assertFalse(printed().contains(stats));
    }

    @Test
    void aStepForOneOsVersionGetsItsFactsInASecondRoundTrip() throws Exception {
        Path books = Files.createDirectories(tmp.resolve("books"));
        Files.writeString(books.resolve("10-only.yaml"), """
                hosts: all
                steps:
                  - name: only on Debian 11
                    when: os_version == 11
                    directory: {path: /opt/eleven}
                """);
        hosts.get("web-1").osRelease = "ID=debian\nVERSION_ID=\"11\"\n";
        Inventory inv = ProjectSchema.load(inventoryFile);
        var options = new UpOptions(false, false, 10, "web-1,web-2", null, books);
        RunSummary s = engine(FakeHost.none(), false, false).up(inv, options);
        assertEquals(0, s.exitCode(), printed());
        assertTrue(hosts.get("web-1").files.containsKey("/opt/eleven"), printed());
        assertFalse(hosts.get("web-2").files.containsKey("/opt/eleven"));
        assertEquals(2, factReads(hosts.get("web-1")), "facts read twice on 11");
        assertEquals(1, factReads(hosts.get("web-2")), "once on 12");
    }

    @Test
    void aStepPlansFromWhatAnEarlierStepChanged() throws Exception {
        Path books = Files.createDirectories(tmp.resolve("books"));
        Files.writeString(books.resolve("10-two.yaml"), """
                hosts: all
                steps:
                  - name: makes the marker
                    command: {run: "touch /opt/marker"}
                  - name: done once the marker exists
                    command: {creates: /opt/marker, run: "echo second"}
                """);
        Inventory inv = ProjectSchema.load(inventoryFile);
        var options = new UpOptions(false, false, 10, "web-1", null, books);
        RunSummary s = engine(FakeHost.none(), false, false).up(inv, options);
        assertEquals(0, s.exitCode(), printed());
        // The first command may change anything: /opt/marker is read again before the second step plans.
        assertFalse(hosts.get("web-1").commands.contains("echo second"), hosts.get("web-1").commands.toString());
        assertEquals(2, factReads(hosts.get("web-1")), "facts read before the first step, and again after its change");
    }

    @Test
    void badChecksumStopsBeforeAnyHostIsContacted() throws Exception {
        Files.writeString(tmp.resolve("artifacts/haproxy-2.6.12.tar.gz"), "tampered");
        var e = assertThrows(ProvisionException.class, () -> up(false, null, FakeHost.none()));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        Files.delete(tmp.resolve("artifacts/haproxy-2.6.12.tar.gz"));
        e = assertThrows(ProvisionException.class, () -> up(false, null, FakeHost.none()));
        assertEquals(2, e.exitCode());
        for (String h : HOSTS) assertTrue(hosts.get(h).commands.isEmpty(), h);
    }

    @Test
    void userSetSecretsAreDeployedWithoutWarningAndNeverPrinted() throws Exception {
        String key = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
        String stats = "user-set-stats-pw";
        writeInventory(tmp.resolve("artifacts"), tmp.resolve("provision-service.jar"),
                "    gossip_key: \"" + key + "\"\n    stats_password: " + stats);
        var s = up(false, null, FakeHost.none());
        assertEquals(0, s.exitCode(), printed());
        assertFalse(printed().contains("unknown variable"), printed());
        for (String h : HOSTS) {
            assertTrue(new String(hosts.get(h).files.get("/etc/consul.d/consul.json").bytes()).contains("\"encrypt\": \"" + key + "\""), h);
        }
        assertTrue(new String(hosts.get("lb").files.get("/etc/haproxy/haproxy.cfg").bytes()).contains("admin:" + stats));
        assertFalse(Files.exists(tmp.resolve(".provision/secrets/consul_gossip_key")), "nothing generated for a user-set key");
        assertFalse(printed().contains(key), printed());
        assertFalse(printed().contains(stats), printed());
    }

    @Test
    void oldSecretsReadBackFromHostsAreMaskedInTheDiffAndTheJson() throws Exception {
        up(false, null, FakeHost.none());
        String oldKey = Files.readString(tmp.resolve(".provision/secrets/consul_gossip_key")).strip();
        String oldStats = Files.readString(tmp.resolve(".provision/secrets/haproxy_stats_password")).strip();
        // A new controller (or the secrets deleted): new values, while the hosts hold the old ones.
        try (var files = Files.walk(tmp.resolve(".provision"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        out.reset();
        err.reset();
        var options = new UpOptions(false, true, 10, null, null, Path.of("playbooks"));
        var events = new RecordingListener();
        var s = engine(FakeHost.none(), true, true, events).up(ProjectSchema.load(inventoryFile), options);
        assertEquals(0, s.exitCode(), printed());
        String newKey = Files.readString(tmp.resolve(".provision/secrets/consul_gossip_key")).strip();
        String newStats = Files.readString(tmp.resolve(".provision/secrets/haproxy_stats_password")).strip();
        assertNotEquals(oldKey, newKey);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-  \"encrypt\": \"********\","), printed());
        assertTrue(events.text().contains("-  \"encrypt\": \"********\","), "a listener gets the diff masked: " + events.text());
        assertTrue(json.toString(StandardCharsets.UTF_8).contains("\"hosts\""), "the JSON summary: " + printed());
        for (String secret : List.of(oldKey, oldStats, newKey, newStats)) {
            assertFalse(printed().contains(secret) || json.toString(StandardCharsets.UTF_8).contains(secret)
                    || events.text().contains(secret), "leaked " + secret + ":\n" + printed() + json + events.text());
        }
    }

    @Test
    void aGossipKeySetForSomeHostsOnlyIsRefused() throws Exception {
        String yaml = Files.readString(inventoryFile).replace("web-2: {ansible_host: 198.18.0.22}",
                "web-2: {ansible_host: 198.18.0.22, gossip_key: \"pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=\"}");
        Files.writeString(inventoryFile, yaml);
        var e = assertThrows(ProvisionException.class, () -> up(false, null, FakeHost.none()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("gossip_key differs between hosts (not set for consul-server, lb, web-1)"), e.getMessage());
        assertFalse(e.getMessage().contains("pUqJrVyVRj5"), e.getMessage());
        for (String h : HOSTS) assertTrue(hosts.get(h).commands.isEmpty(), h);
    }

    private static long factReads(FakeHost h) {
        return h.commands.stream().filter(c -> c.startsWith(dev.provision.facts.FactScript.HEADER)).count();
    }

    private static int indexOf(List<String> cmds, String part) {
        for (int i = 0; i < cmds.size(); i++) if (cmds.get(i).contains(part)) return i;
        return -1;
    }
}
