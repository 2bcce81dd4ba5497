package dev.provision.rhel;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.engine.Engine;
import dev.provision.engine.LineDiff;
import dev.provision.engine.RunSummary;
import dev.provision.engine.UpOptions;
import dev.provision.facts.FactScript;
import dev.provision.facts.Os;
import dev.provision.inventory.Host;
import dev.provision.digest.Sha256;
import dev.provision.output.ConsoleOutput;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything {@code provision up} does to a BARE host of each family, role by role, pinned by
 * golden files under {@code src/test/resources/golden/rhel/}: every command in order (as root or
 * not) and every file it writes with owner, mode and full content (repo files, consul.json,
 * units, haproxy.cfg, service definition, firewalld zone). The hosts are simulated: os-release
 * says CentOS 7, Rocky 9 or Debian 12, the facts say nothing exists yet, every command succeeds.
 * So this proves what would be sent, not that the target accepts it.
 *
 * <p>After a deliberate change, rewrite the golden files with
 * {@code mvn -q -B test -Dtest=RhelRenderingTest -Dgolden.update=true} and review the diff.
 */
class RhelRenderingTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/rhel");
    static final String GOSSIP_KEY = "R09MREVOLUdPU1NJUC1LRVktRk9SLVRFU1RTLU9OTFk=";
    static final String STATS_PASSWORD = "golden-stats-password";

    /** The os-release files of the three systems, as their images ship them. */
    static final Map<String, String> OS_RELEASE = Map.of(
            "centos7", """
                    NAME="CentOS Linux"
                    VERSION="7 (Core)"
                    ID="centos"
                    ID_LIKE="rhel fedora"
                    VERSION_ID="7"
                    PRETTY_NAME="CentOS Linux 7 (Core)"
                    ANSI_COLOR="0;31"
                    CPE_NAME="cpe:/o:centos:centos:7"
                    HOME_URL="https://www.centos.org/"
                    """,
            "rocky9", """
                    NAME="Rocky Linux"
                    VERSION="9.3 (Blue Onyx)"
                    ID="rocky"
                    ID_LIKE="rhel centos fedora"
                    VERSION_ID="9.3"
                    PLATFORM_ID="platform:el9"
                    PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
                    """,
            "debian12", """
                    PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                    NAME="Debian GNU/Linux"
                    VERSION_ID="12"
                    VERSION="12 (bookworm)"
                    VERSION_CODENAME=bookworm
                    ID=debian
                    """);

    /** Role -> the inventory host that has it. */
    static final Map<String, String> ROLE_HOST = Map.of(
            "consul-server", "consul-server",
            "balancer", "lb",
            "replica", "web-1");

    @TempDir static Path tmp;
    static Path inventory;

    @BeforeAll
    static void inputs() throws IOException {
        Path arts = Files.createDirectories(tmp.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("consul"));
            z.write("#!/bin/sh\necho golden consul\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"), Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "golden haproxy tarball");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path jar = Files.writeString(tmp.resolve("provision-service.jar"), "golden jar");
        // Fixed secrets (the engine keeps existing ones): the rendered files stay comparable.
        Path secrets = Files.createDirectories(tmp.resolve(".provision/secrets"));
        Files.writeString(secrets.resolve("consul_gossip_key"), GOSSIP_KEY + "\n");
        Files.writeString(secrets.resolve("haproxy_stats_password"), STATS_PASSWORD + "\n");
        inventory = Files.writeString(tmp.resolve("inventory.yaml"), """
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
                """.formatted(arts, jar));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String os : List.of("centos7", "rocky9", "debian12"))
            for (String role : List.of("consul-server", "balancer", "replica")) out.add(Arguments.of(os, role));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void bareHostTranscriptMatchesGolden(String os, String role) throws IOException {
        String host = ROLE_HOST.get(role);
        var bare = new BareHost(OS_RELEASE.get(os));
        var out = new ByteArrayOutputStream();
        ConnectorFactory factory = h -> bare.connector(h);
        var options = new UpOptions(false, false, 1, host, null, Path.of("playbooks"));
        var printed = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        RunSummary summary = new Engine(factory, List.of(new ConsoleOutput(printed, false)))
                .up(ProjectSchema.load(inventory), options);
        String console = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, summary.exitCode(), console);
        assertFalse(console.contains(GOSSIP_KEY) || console.contains(STATS_PASSWORD), "secrets printed:\n" + console);

        String actual = "# provision up on a bare " + os + " host, role " + role + " (" + host + "): "
                + "every command and file, in order.\n# Rewrite: mvn -q -B test -Dtest=RhelRenderingTest -Dgolden.update=true\n"
                + bare.transcript();
        compareWithGolden(GOLDEN.resolve(os + "-" + role + ".txt"), actual);
    }

    static void compareWithGolden(Path golden, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
            return;
        }
        assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true to create it");
        String expected = Files.readString(golden);
        if (!expected.equals(actual)) {
            fail("rendered output differs from " + golden + " (after a deliberate change: -Dgolden.update=true)\n"
                    + LineDiff.of(golden.toString(), expected, actual));
        }
    }

    /**
     * A host on which nothing is installed yet: reports no files, packages, users or units, and
     * every command succeeds. It writes down what it is asked to do.
     */
    static final class BareHost {
        private final String osRelease;
        private final List<String> lines = new ArrayList<>();
        private int commands;
        /** The OS was read on its own: the next command is the fact-gathering script. */
        private boolean factsNext;

        BareHost(String osRelease) {
            this.osRelease = osRelease;
        }

        synchronized String transcript() {
            return String.join("\n", lines) + "\n";
        }

        Connector connector(Host host) {
            return new Connector() {
                public Host host() { return host; }
                public ExecResult run(RemoteCommand c) { return exec(c); }
                // The host's lock changes nothing on the host: not part of the transcript.
                public Hold hold(RemoteCommand c, String readyLine) { return new Hold(() -> {}, null); }
                public void putFile(String path, byte[] content, FileAttrs a) { put(path, content, null, a); }
                public void putFile(String path, Path local, FileAttrs a) {
                    try {
                        put(path, Files.readAllBytes(local), local.getFileName().toString(), a);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                public void close() {}
            };
        }

        private synchronized ExecResult exec(RemoteCommand c) {
            commands++;
            // Reading the OS and the facts is read-only and its wording is the engine's business:
            // the transcript notes it the same way whether it takes one script or two.
            if (c.script().equals(Os.READ.script())) {
                lines.add("");
                lines.add("# read /etc/os-release");
                factsNext = true;
                return new ExecResult(0, osRelease, "", Duration.ZERO);
            }
            if (commands == 1 && c.script().contains("/etc/os-release")) {
                // One script for both: os-release comes back base64-encoded on an "O" line.
                lines.add("");
                lines.add("# read /etc/os-release");
                lines.add("# gather facts (read-only): a bare host reports nothing");
                String b64 = Base64.getEncoder().encodeToString(osRelease.getBytes(StandardCharsets.UTF_8));
                return new ExecResult(0, "O\t" + b64 + "\n", "", Duration.ZERO);
            }
            if (c.script().startsWith(FactScript.HEADER)) {
                // Facts read again after a change: read-only, and a bare host still reports nothing.
                return new ExecResult(0, "", "", Duration.ZERO);
            }
            if (factsNext) {
                factsNext = false;
                lines.add("# gather facts (read-only): a bare host reports nothing");
                return new ExecResult(0, "", "", Duration.ZERO);
            }
            lines.add("");
            lines.add("$ " + c);
            return new ExecResult(0, "", "", Duration.ZERO);
        }

        private synchronized void put(String path, byte[] content, String localName, FileAttrs a) {
            lines.add("");
            lines.add("> write " + path + " (" + a.owner() + ":" + a.group() + " " + a.mode() + ")");
            if (localName != null) {
                lines.add("  copy of " + localName + ", " + content.length + " bytes");
                return;
            }
            String text = new String(content, StandardCharsets.UTF_8)
                    .replace(GOSSIP_KEY, "<gossip key>").replace(STATS_PASSWORD, "<stats password>");
            for (String l : text.split("\n", -1)) lines.add("  | " + l);
        }
    }
}
