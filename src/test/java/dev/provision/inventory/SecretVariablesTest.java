package dev.provision.inventory;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gossip_key, stats_password and the passwords: declared, checked, kept as secrets, never quoted. */
class SecretVariablesTest {
    private static final String KEY = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";

    @TempDir
    Path dir;

    private Path write(String allVars) throws Exception {
        return Files.writeString(dir.resolve("inventory.yaml"), """
                all:
                  vars:
                %s
                  children:
                    consul_servers: {hosts: {c1: }}
                    load_balancers: {hosts: {lb: }}
                    services: {hosts: {w1: }}
                """.formatted(allVars.indent(4).stripTrailing()));
    }

    @Test
    void userSetSecretsAreDeclaredAndKeptAsSecrets() throws Exception {
        var inv = ProjectSchema.load(write("gossip_key: \"" + KEY + "\"\nstats_password: \"stats-Pa55-word\""), Map.of());
        assertEquals(List.of(), inv.warnings(), "no 'unknown variable' warning");
        Host lb = inv.host("lb").orElseThrow();
        assertEquals(Secret.of(KEY), lb.vars().get("gossip_key"));
        assertEquals(Secret.of("stats-Pa55-word"), lb.vars().get("stats_password"));
        assertFalse(inv.toString().contains(KEY));
        assertFalse(inv.toString().contains("stats-Pa55-word"));
        assertTrue(ConnectionVariables.find("ansible_become_password").orElseThrow().secret());
        assertTrue(ProjectSchema.get().isSecret("stats_password"));
        assertFalse(ProjectSchema.get().isSecret("stats_user"));
    }

    @Test
    void badSecretsAreRefusedWithFileLineKeyAndNeverQuoted() throws Exception {
        record Case(String yaml, String key, String problem, String value) {}
        var cases = List.of(
                new Case("gossip_key: c2hvcnQta2V5", "gossip_key", "must be base64 of exactly 32 bytes, it holds 9", "c2hvcnQta2V5"),
                new Case("gossip_key: \"not base64 at all!\"", "gossip_key", "is not base64", "not base64 at all!"),
                new Case("stats_password: hunter2", "stats_password", "is shorter than 8 characters", "hunter2"),
                new Case("stats_password: \"pass word with#\"", "stats_password", "may hold only printable ASCII", "pass word with#"),
                new Case("ansible_become_password: s3cr3t", "ansible_become_password", "is shorter than 8 characters", "s3cr3t"),
                new Case("ansible_password: \"two\\nlines-here\"", "ansible_password", "contains a line break", "lines-here"));
        for (Case c : cases) {
            Path f = write(c.yaml);
            var e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(f, Map.of()), c.yaml);
            assertEquals(2, e.exitCode());
            String expected = f + ":3: all.vars." + c.key + ": the value " + c.problem;
            assertTrue(e.getMessage().startsWith(expected), e.getMessage() + "\nexpected: " + expected);
            assertFalse(e.getMessage().contains(c.value), "the value is echoed: " + e.getMessage());
        }
    }

    @Test
    void aShortPasswordFromTheEnvironmentIsRefusedNamingTheVariable() throws Exception {
        Path f = write("provision_x: 1");
        var e = assertThrows(ProvisionException.class,
                () -> ProjectSchema.load(f, Map.of(InventoryLoader.BECOME_PASSWORD_ENV, "abc")));
        assertEquals(2, e.exitCode());
        assertEquals("PROVISION_BECOME_PASSWORD (environment): the password is shorter than 8 characters", e.getMessage());
    }
}
