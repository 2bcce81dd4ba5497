package dev.provision.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerSecretsTest {
    @TempDir
    Path tmp;

    private ControllerSecrets store() {
        return ControllerSecrets.besideInventory(tmp.resolve("inventory.yaml"));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void generatesOnceAndKeepsItPrivate() throws Exception {
        var s = store();
        String key = s.gossipKey().reveal();
        assertEquals(key, store().gossipKey().reveal(), "a second run reuses the key");
        assertTrue(SecretRules.gossipKeyProblem(key).isEmpty());
        assertTrue(SecretRules.statsPasswordProblem(s.statsPassword().reveal()).isEmpty());
        assertEquals("rwx------", mode(tmp.resolve(".provision")));
        assertEquals("rwx------", mode(s.dir()));
        assertEquals("rw-------", mode(s.dir().resolve(ControllerSecrets.GOSSIP_KEY)));
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void aFileOpenToOthersIsClosedWithAWarning() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(".provision/secrets"));
        Path f = Files.writeString(dir.resolve(ControllerSecrets.STATS_PASSWORD), "a-fine-password\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        var s = store();
        assertEquals("a-fine-password", s.statsPassword().reveal());
        assertEquals("rw-------", mode(f));
        assertEquals("rwx------", mode(dir));
        assertEquals("rwx------", mode(tmp.resolve(".provision")));
        String all = String.join("\n", s.warnings());
        assertTrue(all.contains(f + ": this secrets file was open to other users (mode rw-r--r--); set to rw-------"), all);
        assertTrue(all.contains(dir + ": this secrets folder was open to other users"), all);
        assertFalse(all.contains("a-fine-password"), all);
    }

    @Test
    void invalidContentIsRefusedNamingTheFileNeverShowingIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(".provision/secrets"));
        for (String bad : List.of("", "\n", "not-base64!!", "c2hvcnQ=", "two\nlines-of-key")) {
            Files.writeString(dir.resolve(ControllerSecrets.GOSSIP_KEY), bad);
            var e = assertThrows(ProvisionException.class, () -> store().gossipKey(), bad);
            assertEquals(2, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve(ControllerSecrets.GOSSIP_KEY) + ": the secret in this file "),
                    e.getMessage());
            if (!bad.isBlank()) assertFalse(e.getMessage().contains(bad.strip()), e.getMessage());
        }
        Files.writeString(dir.resolve(ControllerSecrets.STATS_PASSWORD), "short\n");
        var e = assertThrows(ProvisionException.class, () -> store().statsPassword());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("is shorter than 8 characters"), e.getMessage());
        assertFalse(e.getMessage().contains("short\n"), e.getMessage());
    }

    @Test
    void aSymlinkOrAFolderIsNotASecretFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(".provision/secrets"));
        Files.createDirectory(dir.resolve(ControllerSecrets.GOSSIP_KEY));
        Files.createSymbolicLink(dir.resolve(ControllerSecrets.STATS_PASSWORD), Path.of("/etc/hostname"));
        assertEquals(2, assertThrows(ProvisionException.class, () -> store().gossipKey()).exitCode());
        assertEquals(2, assertThrows(ProvisionException.class, () -> store().statsPassword()).exitCode());
    }

    @Test
    void readingDoesNotCreate() {
        var s = store();
        assertTrue(s.existing(ControllerSecrets.GOSSIP_KEY).isEmpty());
        assertTrue(s.allExisting().isEmpty());
        assertFalse(Files.exists(tmp.resolve(".provision")));
    }

    /** A umask cannot be set inside a JVM: a child JVM is started under umask 000. */
    @Test
    void underUmask000TheFoldersAreStill0700() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Path inv = tmp.resolve("inventory.yaml");
        var p = new ProcessBuilder("sh", "-c", "umask 000 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java, cp, GenerateSecrets.class.getName(), inv.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        // The child's umask really was 000: a file it created without asking for a mode is 0666.
        assertEquals("rw-rw-rw-", mode(tmp.resolve("umask-probe")), out);
        assertEquals("rwx------", mode(tmp.resolve(".provision")));
        assertEquals("rwx------", mode(tmp.resolve(".provision/secrets")));
        assertEquals("rw-------", mode(tmp.resolve(".provision/secrets/" + ControllerSecrets.GOSSIP_KEY)));
        assertEquals("rw-------", mode(tmp.resolve(".provision/secrets/" + ControllerSecrets.STATS_PASSWORD)));
    }

    /** The child process of {@link #underUmask000TheFoldersAreStill0700}. */
    public static final class GenerateSecrets {
        public static void main(String[] args) throws Exception {
            Path inv = Path.of(args[0]);
            Files.writeString(inv.resolveSibling("umask-probe"), "");
            var s = ControllerSecrets.besideInventory(inv);
            s.gossipKey();
            s.statsPassword();
        }
    }
}
