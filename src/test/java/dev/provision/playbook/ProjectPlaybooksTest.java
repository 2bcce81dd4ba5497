package dev.provision.playbook;

import dev.provision.deployment.Deployment;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.artifacts.ArtifactSpec;
import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.facts.Os;
import dev.provision.ops.CopyOp;
import dev.provision.ops.FileOp;
import dev.provision.ops.FirewallOp;
import dev.provision.ops.PackageOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The project's own playbooks/: they load, and every template renders for both OS families and every role. */
class ProjectPlaybooksTest {
    static final Path DIR = Path.of("playbooks");
    @TempDir Path tmp;

    Map<String, Object> vars(Playbook p, String host, String address, boolean server, Os.Family family) throws Exception {
        Map<String, Object> d = new HashMap<>();
        d.put("inventory_hostname", host);
        d.put("ansible_host", address);
        d.put("ssh_port", 22);
        d.put("os_family", family.key());
        d.put("package_manager", family == Os.Family.DEBIAN ? "apt" : "yum");
        d.put("consul_server", server);
        d.put("consul_bootstrap_expect", 1);
        d.put("consul_retry_join", server ? List.of() : List.of("198.18.0.10"));
        d.put("gossip_key", "R0FTU0lQS0VZR09TU0lQS0VZR09TU0lQS0VZMTIzNA==");
        d.put("stats_password", "s3cret-stats");
        d.put("service_jar", Files.writeString(tmp.resolve("svc.jar"), "jar").toString());
        d.put("haproxy_sha256", "ab".repeat(32));
        d.put("haproxy_file", "haproxy-2.6.12.tar.gz");
        String group = server ? "consul_servers" : host.equals("lb") ? "load_balancers" : "services";
        d.put("firewall_ports", firewallPorts(group, Map.of()));
        // What the engine derives from the deployment's services: web alone, no declared service.
        d.put("host_services", List.of());
        d.put("gateway_services", List.of(Map.of("gateway_name", "web", "gateway_route", "/", "gateway_health", "/health",
                "gateway_default", true)));
        d.put("has_brokers", false);
        return Vars.merge(new Location(DIR, 0), p.defaults(), d);
    }

    /** What the engine gives the firewall step: the deployment model's ports for a host in this group. */
    static String firewallPorts(String group, Map<String, Object> hostVars) {
        var role = dev.provision.inventory.Role.ofGroup(group).orElseThrow();
        var h = new dev.provision.inventory.Host("h", "198.18.0.5", 22, "root", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of("all", group), java.util.Set.of(role), hostVars);
        var inv = new dev.provision.inventory.Inventory(Path.of("inventory.yaml"), List.of(h), Map.of(), List.of());
        return String.join(" ", Deployment.of(inv, DIR).openedPorts(h));
    }

    Map<String, ResolvedArtifact> artifacts() throws Exception {
        Path f = Files.writeString(tmp.resolve("a"), "x");
        return Map.of("consul", new ResolvedArtifact(new ArtifactSpec("consul", "c.zip", "s", "u", "consul"), f, "00", f),
                "haproxy", new ResolvedArtifact(new ArtifactSpec("haproxy", "h.tgz", "s", "u", null), f, "00", f));
    }

    @ParameterizedTest
    @EnumSource(value = Os.Family.class, names = {"DEBIAN", "RHEL"})
    void everyRoleCompilesAndRenders(Os.Family family) throws Exception {
        Playbook p = PlaybookLoader.load(DIR, Deployment.schemaOf(DIR));
        var compiler = new StepCompiler(new Templates(p.templates()), artifacts());

        var server = compiler.compile(p, List.of("all", "consul_servers"), vars(p, "consul-server", "198.18.0.10", true, family), family, 22);
        var lb = compiler.compile(p, List.of("all", "load_balancers"), vars(p, "lb", "198.18.0.11", false, family), family, 2222);
        var web = compiler.compile(p, List.of("all", "services"), vars(p, "web-1", "198.18.0.21", false, family), family, 22);

        String serverJson = content(server, "/etc/consul.d/consul.json");
        assertTrue(serverJson.contains("\"server\": true"), serverJson);
        assertTrue(serverJson.contains("\"bootstrap_expect\": 1"), serverJson);
        assertTrue(serverJson.contains("\"bind_addr\": \"198.18.0.10\""), serverJson);
        assertTrue(serverJson.contains("\"client_addr\": \"127.0.0.1\""), serverJson);
        assertTrue(serverJson.contains("\"enable_script_checks\": false"), serverJson);
        String clientJson = content(web, "/etc/consul.d/consul.json");
        assertTrue(clientJson.contains("\"retry_join\": [\"198.18.0.10\"]"), clientJson);
        assertFalse(clientJson.contains("bootstrap_expect"), clientJson);
        assertBalancedBraces(serverJson);
        assertBalancedBraces(clientJson);

        String def = content(web, "/etc/consul.d/web.json");
        assertTrue(def.contains("\"http\": \"http://127.0.0.1:8080/health\""), def);
        assertTrue(def.contains("\"interval\": \"2s\""), def);
        assertFalse(def.contains("script"), def);
        assertBalancedBraces(def);

        String unit = content(web, "/etc/systemd/system/web.service");
        assertTrue(unit.contains("User=microservices"), unit);
        assertTrue(unit.contains("--replica web-1 --address 198.18.0.21 --drain-seconds 5"), unit);
        assertTrue(unit.contains("TimeoutStopSec=20s"), unit);
        assertTrue(content(server, "/etc/systemd/system/consul.service").contains("User=consul"));

        String cfg = content(lb, "/etc/haproxy/haproxy.cfg");
        for (String must : List.of("balance roundrobin", "bind *:80", "bind *:8181", "nameserver consul 127.0.0.1:8600",
                "accepted_payload_size 8192", "server-template web 20 _web._tcp.service.consul resolvers consul resolve-prefer ipv4 init-addr none check",
                "option httpchk GET /health", "retry-on all-retryable-errors", "option redispatch", "retries 3",
                "stats auth admin:s3cret-stats")) {
            assertTrue(cfg.contains(must), must + " in\n" + cfg);
        }
        assertFalse(cfg.contains("cookie"), cfg);
        String hunit = content(lb, "/etc/systemd/system/haproxy.service");
        assertTrue(hunit.contains("Type=notify") && hunit.contains("-Ws") && hunit.contains("ExecReload=/bin/kill -USR2 $MAINPID"), hunit);

        // Ports by role, SSH port first.
        assertEquals(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp", "8300/tcp"), List.copyOf(op(server, FirewallOp.class).wantedPorts()));
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "80/tcp", "8181/tcp"), List.copyOf(op(lb, FirewallOp.class).wantedPorts()));
        assertEquals(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp", "8080/tcp"), List.copyOf(op(web, FirewallOp.class).wantedPorts()));

        // Packages named per family.
        List<String> webPkgs = web.stream().filter(s -> s.op() instanceof PackageOp).flatMap(s -> ((PackageOp) s.op()).names().stream()).toList();
        assertTrue(webPkgs.contains(family == Os.Family.DEBIAN ? "openjdk-17-jre-headless" : "java-11-openjdk-headless"), webPkgs.toString());
        List<String> lbPkgs = lb.stream().filter(s -> s.op() instanceof PackageOp).flatMap(s -> ((PackageOp) s.op()).names().stream()).toList();
        assertTrue(lbPkgs.contains(family == Os.Family.DEBIAN ? "libsystemd-dev" : "systemd-devel"), lbPkgs.toString());
        // The yum vault step exists only for the RHEL family.
        assertEquals(family == Os.Family.RHEL, server.stream().anyMatch(s -> s.name().contains("vault")));
        // Consul binary on every host, from the artifact.
        for (var steps : List.of(server, lb, web)) assertTrue(steps.stream().anyMatch(s -> s.op() instanceof CopyOp c && c.path().equals("/usr/local/bin/consul")));
    }

    @ParameterizedTest
    @EnumSource(value = Os.Family.class, names = {"DEBIAN", "RHEL"})
    void consulTemplateModeRendersItsTemplateAndUnit(Os.Family family) throws Exception {
        Playbook p = PlaybookLoader.load(DIR, Deployment.schemaOf(DIR));
        var compiler = new StepCompiler(new Templates(p.templates()), artifacts());
        Map<String, Object> vars = new HashMap<>(vars(p, "lb", "198.18.0.11", false, family));
        vars.put("lb_discovery", "consul-template");
        vars.put("consul_template_binary", Files.writeString(tmp.resolve("consul-template"), "bin").toString());
        var lb = compiler.compile(p, List.of("all", "load_balancers"), vars, family, 22);
        String ctmpl = content(lb, "/etc/haproxy/haproxy.ctmpl");
        assertTrue(ctmpl.contains("{{range service \"web\"}}    server {{.Node}} {{.Address}}:{{.Port}} check\n{{end}}"), ctmpl);
        assertTrue(ctmpl.contains("bind *:80") && ctmpl.contains("balance roundrobin") && ctmpl.contains("stats auth admin:s3cret-stats"), ctmpl);
        assertFalse(ctmpl.contains("<%"), ctmpl);
        String hcl = content(lb, "/etc/consul-template/haproxy.hcl");
        assertTrue(hcl.contains("destination = \"/etc/haproxy/haproxy.cfg\""), hcl);
        assertTrue(hcl.contains("haproxy -c -q -f /etc/haproxy/haproxy.cfg && kill -USR2"), hcl);
        String unit = content(lb, "/etc/systemd/system/consul-template.service");
        assertTrue(unit.contains("User=haproxy") && unit.contains("ExecStart=/usr/local/bin/consul-template -config=/etc/consul-template/haproxy.hcl"), unit);
        // consul-template writes haproxy.cfg: provision must not fight it.
        assertTrue(lb.stream().noneMatch(s -> s.op() instanceof FileOp f && f.path().equals("/etc/haproxy/haproxy.cfg")));
        assertEquals(1, lb.stream().filter(s -> s.op() instanceof dev.provision.ops.DirectoryOp d && d.path().equals("/etc/haproxy")).count());
    }

    @ParameterizedTest
    @EnumSource(value = Os.Family.class, names = {"DEBIAN", "RHEL"})
    void extraPortsFromTheInventoryAreOpenedToo(Os.Family family) throws Exception {
        Playbook p = PlaybookLoader.load(DIR, Deployment.schemaOf(DIR));
        var compiler = new StepCompiler(new Templates(p.templates()), artifacts());
        Map<String, Object> vars = new HashMap<>(vars(p, "web-1", "198.18.0.21", false, family));
        vars.put("firewall_extra_ports", "22/tcp, 9100/udp");
        vars.put("firewall_ports", firewallPorts("services", Map.of("firewall_extra_ports", "22/tcp, 9100/udp")));
        var web = compiler.compile(p, List.of("all", "services"), vars, family, 2222);
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "22/tcp", "9100/udp", "8080/tcp"),
                List.copyOf(op(web, FirewallOp.class).wantedPorts()));
    }

    private static String content(List<CompiledStep> steps, String path) {
        return steps.stream().filter(s -> s.op() instanceof FileOp f && f.path().equals(path)).map(s -> ((FileOp) s.op()).content())
                .findFirst().orElseThrow(() -> new AssertionError("no step writes " + path));
    }

    private static <T> T op(List<CompiledStep> steps, Class<T> type) {
        return steps.stream().map(CompiledStep::op).filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static void assertBalancedBraces(String json) {
        int depth = 0;
        for (char c : json.toCharArray()) {
            if (c == '{') depth++;
            if (c == '}') depth--;
            assertTrue(depth >= 0, json);
        }
        assertEquals(0, depth, json);
        assertFalse(json.matches("(?s).*,\\s*[}\\]].*"), "trailing comma in\n" + json);
    }
}
