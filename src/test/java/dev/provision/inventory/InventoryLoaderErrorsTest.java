package dev.provision.inventory;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation error: each case asserts exit 2, the exact message and the line. The expected
 * line is the one marked {@code #<-} in the fixture, so the fixture shows where the error is.
 */
class InventoryLoaderErrorsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> invalidInventories() {
        return Stream.of(
                Arguments.of("malformed YAML", """
                        all:
                          children:
                            services: web-1: {} #<-
                        """, "malformed YAML: mapping values are not allowed here"),
                Arguments.of("top-level list", """
                        - all #<-
                        """, "the inventory must be a mapping with 'all:' at the top, not a list"),
                Arguments.of("top-level scalar", """
                        just some words #<-
                        """, "the inventory must be a mapping with 'all:' at the top, not the value \"just some words\""),
                Arguments.of("hosts at top level (forgotten all:)", """
                        hosts: #<-
                          c1:
                        """ + VALID_BODY, "hosts: 'hosts' belongs inside a group: put 'all:' above it"),
                Arguments.of("top-level key with a scalar value", """
                        version: 3 #<-
                        """ + VALID_BODY, "version: unknown top-level key 'version': expected 'all' or a group "
                        + "(a mapping of hosts, vars and children), not the value \"3\""),
                Arguments.of("unknown key in a group", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              host: #<-
                                lb: {ansible_host: 10.0.0.2}
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                        """, "all.children.load_balancers.host: unknown key 'host' in group 'load_balancers' "
                        + "(a group holds only hosts, vars and children)"),
                Arguments.of("a variable written where a group key goes", """
                        all:
                          ansible_user: vagrant #<-
                        """ + VALID_CHILDREN, "all.ansible_user: unknown key 'ansible_user' in group 'all' "
                        + "(a group holds only hosts, vars and children); variables go under 'vars:'"),
                Arguments.of("host in no role group", """
                        all:
                          hosts:
                            stray: {ansible_host: 10.0.0.9} #<-
                        """ + VALID_CHILDREN, "stray: host 'stray' is in no role group: put it in one of "
                        + "brokers, consul_servers, load_balancers, services"),
                Arguments.of("duplicate address", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                                w2: {ansible_host: 10.0.0.3} #<-
                        """, "w2: host 'w2' has the same address and port (10.0.0.3:22) as host 'w1' (line 11)"),
                Arguments.of("missing consul_servers", """
                        all: #<-
                          children:
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                        """, "all.children: no 'consul_servers' group: the deployment needs at least one host in it "
                        + "(the Consul server)"),
                Arguments.of("missing load_balancers", """
                        all: #<-
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                        """, "all.children: no 'load_balancers' group: the deployment needs at least one host in it "
                        + "(where HAProxy runs)"),
                Arguments.of("empty load_balancers", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers: #<-
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                        """, "load_balancers: group 'load_balancers' has no hosts: it needs at least one "
                        + "(where HAProxy runs)"),
                Arguments.of("empty services", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services: #<-
                              hosts: {}
                        """, "services: group 'services' has no hosts: it needs at least one "
                        + "(the microservice replicas)"),
                Arguments.of("port out of range", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                replica-2:
                                  ansible_host: 10.0.0.3
                                  ansible_port: "80000" #<-
                        """, "all.children.services.hosts.replica-2.ansible_port: \"80000\" is not a port number (1-65535)"),
                Arguments.of("port not a number", """
                        all:
                          vars:
                            ansible_port: twenty-two #<-
                        """ + VALID_CHILDREN, "all.vars.ansible_port: \"twenty-two\" is not a port number (1-65535)"),
                Arguments.of("port zero in a known variable", """
                        all:
                          vars:
                            service_port: 0 #<-
                        """ + VALID_CHILDREN, "all.vars.service_port: \"0\" is not a port number (1-65535)"),
                Arguments.of("port given as a list", """
                        all:
                          vars:
                            lb_port: [80, 8080] #<-
                        """ + VALID_CHILDREN, "all.vars.lb_port: expected a port number (1-65535), not a list"),
                Arguments.of("known variable with no value", """
                        all:
                          vars:
                            consul_version: #<-
                        """ + VALID_CHILDREN, "all.vars.consul_version: no value (expected a version like 1.8.7)"),
                Arguments.of("service name that is no DNS label", """
                        all:
                          vars:
                            service_name: Web_Service #<-
                        """ + VALID_CHILDREN, "all.vars.service_name: \"Web_Service\" is not a DNS label "
                        + "(lowercase letters, digits and '-', at most 63, not starting or ending with '-')"),
                Arguments.of("duration without a unit", """
                        all:
                          vars:
                            health_interval: 2 #<-
                        """ + VALID_CHILDREN, "all.vars.health_interval: \"2\" is not a duration like 2s, 500ms or 1m"),
                Arguments.of("unknown discovery mode", """
                        all:
                          vars:
                            lb_discovery: zookeeper #<-
                        """ + VALID_CHILDREN, "all.vars.lb_discovery: \"zookeeper\" is not one of dns, consul-template"),
                Arguments.of("client address that is a host name", """
                        all:
                          vars:
                            consul_client_addr: localhost #<-
                        """ + VALID_CHILDREN, "all.vars.consul_client_addr: \"localhost\" is not an IP address"),
                Arguments.of("key written twice", """
                        all:
                          vars:
                            lb_port: 80
                            lb_port: 81 #<-
                        """ + VALID_CHILDREN, "all.vars.lb_port: 'lb_port' is written twice here (first at line 3)"),
                Arguments.of("hosts written as a list", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                            extra:
                              hosts:
                                - w9 #<-
                        """, "all.children.extra.hosts: hosts must be a mapping of host names to their variables "
                        + "('web-1:' on its own line, not '- web-1'), not a list"),
                Arguments.of("host variables as a scalar", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: 10.0.0.3 #<-
                        """, "all.children.services.hosts.w1: the variables of host 'w1' must be a mapping "
                        + "(ansible_host: ...), not the value \"10.0.0.3\""),
                Arguments.of("backwards host range", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                                web-[3:1]: #<-
                        """, "all.children.services.hosts.web-[3:1]: bad host range: the range [3:1] is backwards"),
                Arguments.of("group that contains itself", """
                        all:
                          children:
                            consul_servers:
                              hosts:
                                c1: {ansible_host: 10.0.0.1}
                            load_balancers:
                              hosts:
                                lb: {ansible_host: 10.0.0.2}
                            services:
                              hosts:
                                w1: {ansible_host: 10.0.0.3}
                            east: #<-
                              children:
                                west:
                                  children:
                                    east:
                        """, "east: group 'east' contains itself: east -> west -> east"));
    }

    /** A valid deployment's groups, to append after an 'all:' with vars. */
    static final String VALID_CHILDREN = """
              children:
                consul_servers:
                  hosts:
                    c1: {ansible_host: 10.0.0.1}
                load_balancers:
                  hosts:
                    lb: {ansible_host: 10.0.0.2}
                services:
                  hosts:
                    w1: {ansible_host: 10.0.0.3}
            """;

    static final String VALID_BODY = "all:\n" + VALID_CHILDREN;

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInventories")
    void reportsFileLineAndKey(String title, String yaml, String expected) throws IOException {
        Path file = write(yaml);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertEquals(file + ":" + markedLine(yaml) + ": " + expected, e.getMessage());
    }

    @Test
    void emptyFileIsReportedAtLineOne() throws IOException {
        for (String empty : List.of("", "# only a comment\n\n")) {
            Path file = write(empty);
            ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
            assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
            assertEquals(file + ":1: the inventory is empty; it needs 'all:' with hosts, vars and children", e.getMessage());
        }
    }

    @Test
    void missingInventoryFileIsNamed() {
        Path file = dir.resolve("nope.yaml");
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertEquals(file + ": no such inventory file", e.getMessage());
    }

    @Test
    void missingKeyFileNamesItsResolvedPath() throws IOException {
        String yaml = VALID_BODY + """
                  vars:
                    ansible_ssh_private_key_file: keys/id_ed25519 #<-
                """;
        Path file = write(yaml);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        // Set in all.vars, used by three hosts: reported once, at the line that sets it.
        assertEquals(file + ":" + markedLine(yaml) + ": all.vars.ansible_ssh_private_key_file: key file "
                + dir.resolve("keys/id_ed25519") + " does not exist", e.getMessage());
    }

    @Test
    void keyFileThatIsAFolderIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        String yaml = VALID_BODY + """
                  vars:
                    ansible_ssh_private_key_file: keys #<-
                """;
        Path file = write(yaml);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(file + ":" + markedLine(yaml) + ": all.vars.ansible_ssh_private_key_file: key file "
                + dir.resolve("keys") + " is not a file", e.getMessage());
    }

    @Test
    void unreadableKeyFileIsRefused() throws IOException {
        Path key = unreadableFile();
        String yaml = VALID_BODY + """
                  vars:
                    ansible_ssh_private_key_file: %s #<-
                """.formatted(key);
        Path file = write(yaml);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(file + ":" + markedLine(yaml) + ": all.vars.ansible_ssh_private_key_file: key file " + key
                + " is not readable by user " + System.getProperty("user.name"), e.getMessage());
    }

    /**
     * A file this user cannot read. Mode 000 stops anyone but root; root reads any file, except
     * a write-only sysctl (mode 0200), whose permission bits procfs enforces on root too. So the
     * case also runs as root, which is how CI runs the tests.
     */
    private Path unreadableFile() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            Path key = Files.writeString(dir.resolve("id_rsa"), "key");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
            return key;
        }
        for (String p : List.of("/proc/sys/vm/drop_caches", "/proc/sys/vm/compact_memory")) {
            Path f = Path.of(p);
            if (Files.isRegularFile(f) && !Files.isReadable(f)) return f;
        }
        throw new AssertionError("no file unreadable by root found (a write-only sysctl such as /proc/sys/vm/drop_caches)");
    }

    @Test
    void everyErrorIsReportedTogetherInLineOrder() throws IOException {
        String yaml = """
                all:
                  vars:
                    stats_port: 99999
                  children:
                    consul_servers:
                      hosts:
                        c1: {ansible_host: 10.0.0.1, ansible_port: -1}
                    services:
                      hosts:
                        w1: {ansible_host: 10.0.0.3}
                      hostz: {}
                """;
        Path file = write(yaml);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(file, Map.of()));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertEquals(String.join("\n",
                file + ":1: all.children: no 'load_balancers' group: the deployment needs at least one host in it (where HAProxy runs)",
                file + ":3: all.vars.stats_port: \"99999\" is not a port number (1-65535)",
                file + ":7: all.children.consul_servers.hosts.c1.ansible_port: \"-1\" is not a port number (1-65535)",
                file + ":11: all.children.services.hostz: unknown key 'hostz' in group 'services' "
                        + "(a group holds only hosts, vars and children)"), e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), yaml);
    }

    /** The 1-based line carrying the {@code #<-} marker. */
    static int markedLine(String yaml) {
        return lineOf(yaml, "#<-");
    }

    /** The 1-based line of the first occurrence of a text. */
    static int lineOf(String yaml, String text) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i + 1;
        }
        throw new IllegalArgumentException("fixture has no line with " + text);
    }
}
