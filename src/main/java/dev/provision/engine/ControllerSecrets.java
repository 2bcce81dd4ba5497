package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets generated once on the controller and reused by every later run and every host, kept
 * beside the inventory in {@code .provision/secrets/} (mode 0600, outside git). Regenerating the
 * gossip key on each run is the classic idempotency bug of Ansible's Consul role: agents that
 * already hold the old keyring would stop talking to new ones.
 */
public final class ControllerSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;

    public ControllerSecrets(Path dir) {
        this.dir = dir;
    }

    /** The secrets folder for an inventory file. */
    public static ControllerSecrets besideInventory(Path inventory) {
        Path parent = inventory.toAbsolutePath().getParent();
        return new ControllerSecrets(parent.resolve(".provision").resolve("secrets"));
    }

    public Path dir() {
        return dir;
    }

    /** Consul's gossip encryption key: 32 random bytes, base64. */
    public Secret gossipKey() {
        return getOrCreate("consul_gossip_key", () -> {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return Base64.getEncoder().encodeToString(b);
        });
    }

    /** The password of HAProxy's stats page (user "admin"). */
    public Secret statsPassword() {
        return getOrCreate("haproxy_stats_password", () -> {
            byte[] b = new byte[18];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
    }

    private Secret getOrCreate(String name, java.util.function.Supplier<String> generate) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: nothing better to do
                }
                // CREATE_NEW: two runs starting together still end up with one value.
                Path tmp = Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, generate.get() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another run won the race: use its value
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            String v = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (v.isEmpty()) throw ProvisionException.failed(file + " is empty; delete it to generate a new secret");
            return Secret.of(v);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot keep secret in " + file + ": " + e.getMessage());
        }
    }
}
