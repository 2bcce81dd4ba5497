package dev.provision.rhel;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.deployment.ProjectSchema;
import dev.provision.digest.Sha256;
import dev.provision.engine.Engine;
import dev.provision.engine.RunSummary;
import dev.provision.engine.UpOptions;
import dev.provision.output.ConsoleOutput;
import dev.provision.transport.ConnectorFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code provision up} sends to a bare broker host, pinned by golden files under
 * {@code src/test/resources/golden/broker/} like {@link RhelRenderingTest}: a single broker (no
 * cluster block, no cluster port in the firewall) and one of three clustered brokers (routes to
 * the two others, the cluster port opened), both on Debian 12 and the clustered one on CentOS 7
 * (the broker's steps do not depend on the family; the firewall and base steps do). The NATS
 * binary comes out of a vendor-layout release tarball checked against its SHA256SUMS.
 *
 * <p>Rewrite: {@code mvn -q -B test -Dtest=BrokerRenderingTest -Dgolden.update=true}.
 */
class BrokerRenderingTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/broker");

    @TempDir static Path tmp;
    static Path arts;
    static Path jar;

    @BeforeAll
    static void inputs() throws IOException {
        arts = Files.createDirectories(tmp.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("consul"));
            z.write("#!/bin/sh\necho golden consul\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"), Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "golden haproxy tarball");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path nats = natsRelease(arts, "2.9.10", "#!/bin/sh\necho golden nats-server\n");
        Files.writeString(arts.resolve("SHA256SUMS"), Sha256.ofUncached(nats) + "  " + nats.getFileName() + "\n");
        jar = Files.writeString(tmp.resolve("provision-service.jar"), "golden jar");
        Path secrets = Files.createDirectories(tmp.resolve(".provision/secrets"));
        Files.writeString(secrets.resolve("consul_gossip_key"), RhelRenderingTest.GOSSIP_KEY + "\n");
        Files.writeString(secrets.resolve("haproxy_stats_password"), RhelRenderingTest.STATS_PASSWORD + "\n");
    }

    /** NATS's release layout: nats-server-vV-linux-amd64/nats-server (and its docs) in a .tar.gz. */
    static Path natsRelease(Path dir, String version, String binary) throws IOException {
        String folder = "nats-server-v" + version + "-linux-amd64";
        Path tgz = dir.resolve(folder + ".tar.gz");
        try (var out = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            for (String[] f : List.of(new String[] {folder + "/README.md", "# NATS\n"}, new String[] {folder + "/nats-server", binary})) {
                byte[] b = f[1].getBytes(StandardCharsets.UTF_8);
                var e = new TarArchiveEntry(f[0]);
                e.setSize(b.length);
                e.setMode(f[0].endsWith("nats-server") ? 0755 : 0644);
                out.putArchiveEntry(e);
                out.write(b);
                out.closeArchiveEntry();
            }
        }
        return tgz;
    }

    static Path inventory(String name, int brokers) throws IOException {
        var b = new StringBuilder();
        List<String> hosts = List.of("consul-server", "web-1", "web-2");
        for (int i = 0; i < brokers; i++) b.append("        ").append(hosts.get(i)).append(":\n");
        return Files.writeString(tmp.resolve(name), """
                all:
                  vars:
                    ansible_user: vagrant
                    artifacts_dir: %s
                    service_jar: %s
                  children:
                    consul_servers:
                      hosts:
                        consul-server: {ansible_host: 198.18.0.10}
                    load_balancers:
                      hosts:
                        lb: {ansible_host: 198.18.0.11}
                    services:
                      hosts:
                        web-1: {ansible_host: 198.18.0.21}
                        web-2: {ansible_host: 198.18.0.22}
                    brokers:
                      hosts:
                %s""".formatted(arts, jar, b));
    }

    static String transcript(Path inventory, String os, String host) {
        var bare = new RhelRenderingTest.BareHost(RhelRenderingTest.OS_RELEASE.get(os));
        var out = new ByteArrayOutputStream();
        ConnectorFactory factory = h -> bare.connector(h);
        var options = new UpOptions(false, false, 1, host, null, Path.of("playbooks"));
        var printed = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        RunSummary summary = new Engine(factory, List.of(new ConsoleOutput(printed, false)))
                .up(ProjectSchema.load(inventory), options);
        String console = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, summary.exitCode(), console);
        return bare.transcript();
    }

    @Test
    void singleBrokerIsOneServerWithoutClusterPort() throws IOException {
        String t = transcript(inventory("single.yaml", 1), "debian12", "consul-server");
        assertTrue(t.contains("> write /etc/nats/nats-server.conf"), t);
        assertFalse(t.contains("cluster {"), "a single broker has no cluster block:\n" + t);
        assertFalse(t.contains("port=\"6222\""), "a single broker opens no cluster port:\n" + t);
        assertTrue(t.contains("port=\"4222\""), "the client port is opened on the broker:\n" + t);
        assertFalse(t.contains("port=\"8222\""), "the monitoring port is never opened:\n" + t);
        assertTrue(t.contains("-t -c"), "the config is validated by nats-server -t:\n" + t);
        RhelRenderingTest.compareWithGolden(GOLDEN.resolve("debian12-single-broker.txt"), header("debian12", "single broker", "consul-server") + t);
    }

    @Test
    void threeBrokersRouteToEachOther() throws IOException {
        Path inv = inventory("three.yaml", 3);
        String t = transcript(inv, "debian12", "web-1");
        assertTrue(t.contains("\"nats-route://198.18.0.10:6222\"") && t.contains("\"nats-route://198.18.0.22:6222\""), t);
        assertFalse(t.contains("nats-route://198.18.0.21:"), "no route to itself:\n" + t);
        assertTrue(t.contains("port=\"6222\""), "the cluster port is opened on a clustered broker:\n" + t);
        RhelRenderingTest.compareWithGolden(GOLDEN.resolve("debian12-clustered-broker.txt"), header("debian12", "one of 3 brokers", "web-1") + t);
        String el7 = transcript(inv, "centos7", "web-1");
        RhelRenderingTest.compareWithGolden(GOLDEN.resolve("centos7-clustered-broker.txt"), header("centos7", "one of 3 brokers", "web-1") + el7);
    }

    @Test
    void aHostThatIsNoBrokerGetsNothingOfIt() throws IOException {
        String t = transcript(inventory("lb.yaml", 3), "debian12", "lb");
        assertFalse(t.contains("nats"), "the balancer is no broker:\n" + t);
        assertFalse(t.contains("4222") || t.contains("6222"), t);
    }

    private static String header(String os, String what, String host) {
        return "# provision up on a bare " + os + " host, " + what + " (" + host + "): every command and file, in order.\n"
                + "# Rewrite: mvn -q -B test -Dtest=BrokerRenderingTest -Dgolden.update=true\n";
    }
}
