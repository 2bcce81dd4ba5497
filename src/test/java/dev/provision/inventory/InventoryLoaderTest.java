package dev.provision.inventory;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid inventory turns into: hosts, groups, merged variables, connection settings. */
class InventoryLoaderTest {
    @TempDir
    Path dir;

    @Test
    void groupsNestAndVariablesApplyFromAllToHost() throws IOException {
        Inventory inv = load("""
                all:
                  vars:
                    provision_level: all
                    provision_only_all: yes
                    provision_count: 1
                  children:
                    consul_servers:
                      hosts:
                        c1:
                    load_balancers:
                      hosts:
                        lb:
                    app:
                      vars:
                        provision_level: app
                      children:
                        services:
                          vars:
                            provision_level: services
                          hosts:
                            w1:
                            w2:
                              provision_level: w2
                """);
        Host w1 = inv.host("w1").orElseThrow();
        Host w2 = inv.host("w2").orElseThrow();
        assertEquals("services", w1.vars().get("provision_level"), "innermost group wins over its parent");
        assertEquals("w2", w2.vars().get("provision_level"), "host's own variable wins over every group");
        assertEquals(true, w1.vars().get("provision_only_all"), "YAML 1.1 booleans, as Ansible reads them");
        assertEquals(1, w1.vars().get("provision_count"));
        assertEquals(List.of("all", "app", "services"), w1.groups(), "every group, all first, parents before children");
        assertEquals(Set.of(Role.SERVICE), w1.roles());
        assertEquals(List.of("w1", "w2"), inv.hostsIn("app").stream().map(Host::name).toList());
        assertEquals(List.of("c1", "lb", "w1", "w2"), inv.hosts().stream().map(Host::name).toList(), "file order");
        assertEquals(List.of("services"), inv.groups().get("app").children());
        assertEquals(List.of("w1", "w2"), inv.groups().get("services").hosts());
        assertEquals("app", inv.groups().get("app").vars().get("provision_level"));
        assertEquals(List.of("all", "consul_servers", "load_balancers", "app", "services"), List.copyOf(inv.groups().keySet()));
        assertTrue(inv.warnings().isEmpty(), inv.warnings().toString());
    }

    @Test
    void aHostInSeveralGroupsHasEveryRoleAndAllItsVariables() throws IOException {
        Inventory inv = load("""
                all:
                  children:
                    consul_servers:
                      hosts:
                        box: {ansible_host: 10.0.0.5, from_consul: 1}
                    load_balancers:
                      hosts:
                        box: {from_lb: 2}
                    services:
                      hosts:
                        box:
                """);
        Host box = inv.host("box").orElseThrow();
        assertEquals(1, inv.hosts().size());
        assertEquals(Set.of(Role.CONSUL_SERVER, Role.LOAD_BALANCER, Role.SERVICE), box.roles());
        assertEquals("10.0.0.5", box.address());
        assertEquals(1, box.vars().get("from_consul"));
        assertEquals(2, box.vars().get("from_lb"));
        assertEquals(List.of("all", "consul_servers", "load_balancers", "services"), box.groups());
    }

    @Test
    void groupPriorityOrdersGroupsOfTheSameDepth() throws IOException {
        Inventory inv = load(MINIMAL + """
                    a_first:
                      vars: {colour: red, ansible_group_priority: 10}
                      hosts: {w1: }
                    z_last:
                      vars: {colour: blue}
                      hosts: {w1: }
                """);
        // Same depth: by name z_last would win; the higher priority makes a_first win.
        assertEquals("red", inv.host("w1").orElseThrow().vars().get("colour"));
    }

    @Test
    void connectionDefaults() throws IOException {
        Host c1 = load(MINIMAL).host("c1").orElseThrow();
        assertEquals("c1", c1.address(), "address defaults to the name");
        assertEquals(22, c1.port());
        assertEquals(System.getProperty("user.name"), c1.user());
        assertEquals(Optional.empty(), c1.privateKeyFile());
        assertEquals(Optional.empty(), c1.password());
        assertEquals(Optional.empty(), c1.becomePassword());
    }

    @Test
    void connectionVariablesFromGroupsAndHosts() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), "key");
        Inventory inv = load("""
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_private_key_file: id_ed25519
                  children:
                    consul_servers:
                      hosts:
                        c1: {ansible_host: 10.0.0.1, ansible_port: 2222}
                    load_balancers:
                      hosts:
                        lb: {ansible_ssh_host: 10.0.0.2, ansible_ssh_port: "2200", ansible_ssh_user: root}
                    services:
                      hosts:
                        w1: {ansible_host: 10.0.0.1}
                """);
        Host c1 = inv.host("c1").orElseThrow();
        assertEquals("10.0.0.1", c1.address());
        assertEquals(2222, c1.port());
        assertEquals("deploy", c1.user());
        assertTrue(c1.needsSudo());
        assertEquals(Optional.of(dir.resolve("id_ed25519")), c1.privateKeyFile(), "relative to the inventory's folder");
        Host lb = inv.host("lb").orElseThrow();
        assertEquals("10.0.0.2", lb.address(), "Ansible's old alias ansible_ssh_host");
        assertEquals(2200, lb.port(), "a quoted port is a port too, as in Ansible");
        assertEquals("root", lb.user());
        assertFalse(lb.needsSudo());
        assertEquals(22, inv.host("w1").orElseThrow().port(), "same address as c1, other port: allowed");
    }

    @Test
    void keyFileUnderHomeIsResolved() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(Files.createDirectories(home.resolve(".ssh")).resolve("lab_key"), "key");
        String saved = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            Inventory inv = load(MINIMAL + """
                      vars:
                        ansible_ssh_private_key_file: ~/.ssh/lab_key
                    """);
            assertEquals(Optional.of(home.resolve(".ssh/lab_key")), inv.hosts().get(0).privateKeyFile());
        } finally {
            System.setProperty("user.home", saved);
        }
    }

    @Test
    void passwordsComeFromTheInventoryFirstThenTheEnvironment() throws IOException {
        Inventory inv = ProjectSchema.load(write("""
                all:
                  children:
                    consul_servers:
                      hosts:
                        c1: {ansible_password: from-file, ansible_become_password: sudo-from-file}
                    load_balancers:
                      hosts:
                        lb:
                    services:
                      hosts:
                        w1: {ansible_become_pass: 12345678}
                """), Map.of(InventoryLoader.SSH_PASSWORD_ENV, "from-env", InventoryLoader.BECOME_PASSWORD_ENV, "sudo-from-env"));
        Host c1 = inv.host("c1").orElseThrow();
        assertEquals("from-file", c1.password().orElseThrow().reveal());
        assertEquals("sudo-from-file", c1.becomePassword().orElseThrow().reveal());
        Host lb = inv.host("lb").orElseThrow();
        assertEquals("from-env", lb.password().orElseThrow().reveal());
        assertEquals("sudo-from-env", lb.becomePassword().orElseThrow().reveal());
        assertEquals("12345678", inv.host("w1").orElseThrow().becomePassword().orElseThrow().reveal(), "kept as written");
        // Printing a host or its variables never shows a password.
        assertEquals(Secret.class, c1.vars().get("ansible_password").getClass());
        assertFalse(c1.toString().contains("from-file"), c1.toString());
        assertFalse(inv.groups().toString().contains("sudo-from-file"));
    }

    @Test
    void noPasswordAnywhereIsFine() throws IOException {
        Inventory inv = ProjectSchema.load(write(MINIMAL), Map.of(InventoryLoader.SSH_PASSWORD_ENV, ""));
        assertEquals(Optional.empty(), inv.hosts().get(0).password(), "an empty variable means none");
    }

    @Test
    void topLevelGroupsAreChildrenOfAll() throws IOException {
        Inventory inv = load("""
                consul_servers:
                  hosts:
                    c1:
                load_balancers:
                  hosts:
                    lb:
                services:
                  hosts:
                    w1:
                all:
                  vars:
                    service_port: 9090
                """);
        assertEquals(List.of("consul_servers", "load_balancers", "services"), inv.groups().get("all").children());
        assertEquals(9090, inv.host("w1").orElseThrow().vars().get("service_port"));
    }

    @Test
    void hostRangesExpand() throws IOException {
        Inventory inv = load(MINIMAL_WITHOUT_SERVICES + """
                    services:
                      hosts:
                        web-[1:3]:
                          service_port: 8081
                """);
        assertEquals(List.of("web-1", "web-2", "web-3"), inv.hostsWith(Role.SERVICE).stream().map(Host::name).toList());
        assertEquals(8081, inv.host("web-3").orElseThrow().vars().get("service_port"));
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() throws IOException {
        Inventory inv = load("""
                all:
                  children:
                    consul_servers:
                      hosts:
                        c1: &box {ansible_user: vagrant, ansible_port: 2222}
                    load_balancers:
                      hosts:
                        lb: {<<: *box, ansible_port: 2223}
                    services:
                      hosts:
                        w1: *box
                """);
        assertEquals(2223, inv.host("lb").orElseThrow().port(), "explicit keys win over merged ones");
        assertEquals("vagrant", inv.host("lb").orElseThrow().user());
        assertEquals(2222, inv.host("w1").orElseThrow().port());
    }

    @Test
    void knownVariablesKeepTheirTextAndPortsBecomeNumbers() throws IOException {
        Inventory inv = load(MINIMAL + """
                  vars:
                    haproxy_version: 2.10
                    consul_version: 1.8.7
                    stats_port: "8181"
                    health_interval: 500ms
                    lb_discovery: consul-template
                    consul_client_addr: 0.0.0.0
                    consul_datacenter: dc1
                    artifacts_dir: /srv/artifacts
                """);
        Map<String, Object> vars = inv.hosts().get(0).vars();
        assertEquals("2.10", vars.get("haproxy_version"), "not the float 2.1");
        assertEquals("1.8.7", vars.get("consul_version"));
        assertEquals(8181, vars.get("stats_port"));
        assertEquals("500ms", vars.get("health_interval"));
        assertEquals("consul-template", vars.get("lb_discovery"));
        assertTrue(inv.warnings().isEmpty(), inv.warnings().toString());
    }

    @Test
    void unknownVariablesAreWarningsNamingFileLineAndKey() throws IOException {
        String yaml = MINIMAL + """
                  vars:
                    consl_version: 1.8.7
                    ansible_connection: ssh
                    ansible_python_interpreter: /usr/bin/python3
                    provision_anything: 1
                    favourite_colour: blue
                """;
        Path file = write(yaml);
        Inventory inv = ProjectSchema.load(file, Map.of());
        int typo = InventoryLoaderErrorsTest.lineOf(yaml, "consl_version");
        int colour = InventoryLoaderErrorsTest.lineOf(yaml, "favourite_colour");
        assertEquals(List.of(
                file + ":" + typo + ": all.vars.consl_version: unknown variable 'consl_version' (did you mean consul_version?), ignored by the playbooks",
                file + ":" + colour + ": all.vars.favourite_colour: unknown variable 'favourite_colour', ignored by the playbooks"), inv.warnings());
        assertEquals("1.8.7", inv.hosts().get(0).vars().get("consl_version"), "kept in the inventory, for other tools");
    }

    static final String MINIMAL_WITHOUT_SERVICES = """
            all:
              children:
                consul_servers:
                  hosts:
                    c1:
                load_balancers:
                  hosts:
                    lb:
            """;

    static final String MINIMAL = MINIMAL_WITHOUT_SERVICES + """
                services:
                  hosts:
                    w1:
            """;

    private Inventory load(String yaml) throws IOException {
        return ProjectSchema.load(write(yaml), Map.of());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), yaml);
    }
}
