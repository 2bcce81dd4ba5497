package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.engine.FakeHost;
import dev.provision.digest.Sha256;
import dev.provision.transport.ConnectorFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The real command line, with hosts simulated: exit codes, and JSON alone on stdout. */
class UpCommandTest {
    @TempDir Path tmp;
    Path inventory;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        Path arts = Files.createDirectories(tmp.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("consul"));
            z.write("fake".getBytes());
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"), Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "tgz");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path jar = Files.writeString(tmp.resolve("svc.jar"), "jar");
        inventory = tmp.resolve("inventory.yaml");
        Files.writeString(inventory, """
                all:
                  vars: {ansible_user: root, artifacts_dir: %s, service_jar: %s}
                  children:
                    consul_servers: {hosts: {consul-server: {ansible_host: 198.18.0.10}}}
                    load_balancers: {hosts: {lb: {ansible_host: 198.18.0.11}}}
                    services: {hosts: {web-1: {ansible_host: 198.18.0.21}}}
                """.formatted(arts, jar));
    }

    int run(ConnectorFactory factory, String... args) {
        CommandLine.IFactory picoFactory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == UpCommand.class) return cls.cast(new UpCommand(ssh -> factory));
                return CommandLine.defaultFactory().create(cls);
            }
        };
        var cl = new CommandLine(new ProvisionCommand(), picoFactory);
        cl.setExecutionExceptionHandler(new ExitCodeMapper());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void jsonOutputIsTheOnlyThingOnStdout() {
        var hosts = FakeHost.hosts("consul-server", "lb", "web-1");
        int code = run(FakeHost.factory(hosts, FakeHost.none()), "up", "-i", inventory.toString(), "--playbooks", "playbooks", "-o", "json");
        assertEquals(0, code, err.toString());
        String json = out.toString().strip();
        assertTrue(json.startsWith("{\"check\":false,\"hosts\":{") && json.endsWith("}") && !json.contains("\n"), json);
        assertTrue(json.contains("\"web-1\":{\"ok\":"), json);
        assertTrue(err.toString().contains("changed  web-1"), "step lines go to stderr:\n" + err);
    }

    @Test
    void unreachableHostExits3() {
        var hosts = FakeHost.hosts("consul-server", "lb", "web-1");
        int code = run(FakeHost.factory(hosts, Set.of("web-1")), "up", "-i", inventory.toString(), "--playbooks", "playbooks");
        assertEquals(3, code, out + "\n" + err);
        assertTrue(out.toString().contains("unreachable=1"), out.toString());
        assertTrue(out.toString().contains("consul-server  ok="), out.toString());
    }

    @Test
    void badPlaybookFolderAndUnknownLimitExit2() {
        var hosts = FakeHost.hosts("consul-server", "lb", "web-1");
        assertEquals(2, run(FakeHost.factory(hosts, FakeHost.none()), "up", "-i", inventory.toString(), "--playbooks", tmp.resolve("none").toString()));
        assertTrue(err.toString().contains("no such playbooks folder"), err.toString());
        assertEquals(2, run(FakeHost.factory(hosts, FakeHost.none()), "up", "-i", inventory.toString(), "--playbooks", "playbooks", "--limit", "nope"));
        assertTrue(err.toString().contains("--limit nope: no host or group"), err.toString());
        assertTrue(hosts.values().stream().allMatch(h -> h.changingCommands().isEmpty()));
    }
}
