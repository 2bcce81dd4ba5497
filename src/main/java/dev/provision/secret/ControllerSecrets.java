package dev.provision.secret;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Secrets generated once on the controller and reused by every later run and every host, kept
 * beside the inventory in {@code .provision/secrets/}. Regenerating the gossip key on each run is
 * the classic idempotency bug of Ansible's Consul role: agents that already hold the old keyring
 * would stop talking to new ones.
 *
 * <p>The folders are 0700 and the files 0600 whatever the umask. A file found readable by others
 * is set back to 0600 with a warning ({@link #warnings()}): the run can go on, but the user must
 * know the secret may have been read. A file whose content is not a valid secret (empty, several
 * lines, a gossip key that is not 32 bytes of base64...) is refused, exit 2, naming the file and
 * never showing its content: guessing what was meant could deploy a broken cluster.
 */
public final class ControllerSecrets {
    public static final String GOSSIP_KEY = "consul_gossip_key";
    public static final String STATS_PASSWORD = "haproxy_stats_password";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path dir;
    private final List<String> warnings = new ArrayList<>();

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

    /** What was found wrong and repaired (loose permissions), one sentence each. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Consul's gossip encryption key: 32 random bytes, base64; generated on first use. */
    public Secret gossipKey() {
        return getOrCreate(GOSSIP_KEY, () -> {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return Base64.getEncoder().encodeToString(b);
        });
    }

    /** The password of HAProxy's stats page; generated on first use. */
    public Secret statsPassword() {
        return getOrCreate(STATS_PASSWORD, () -> {
            byte[] b = new byte[18];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
    }

    /** The stored secret of this name, checked, without creating it (verify only reads). */
    public Optional<Secret> existing(String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        return Optional.of(read(file, name));
    }

    /** Every stored secret, checked: what a masker must know even when this run does not use it. */
    public List<Secret> allExisting() {
        List<Secret> out = new ArrayList<>();
        existing(GOSSIP_KEY).ifPresent(out::add);
        existing(STATS_PASSWORD).ifPresent(out::add);
        return out;
    }

    private Secret getOrCreate(String name, Supplier<String> generate) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                createPrivateDirs();
                Path tmp = Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
                Files.setPosixFilePermissions(tmp, FILE_MODE);
                Files.writeString(tmp, generate.get() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    // A hard link fails when the name exists: two runs starting together still end up with one value.
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another run won the race: use its value
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw ProvisionException.failed("cannot keep a secret in " + file + ": " + e.getMessage());
        }
        return read(file, name);
    }

    /** .provision/ and .provision/secrets/, 0700 whatever the umask (a umask only takes bits away). */
    private void createPrivateDirs() throws IOException {
        for (Path d : List.of(dir.getParent(), dir)) {
            if (!Files.isDirectory(d)) {
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } catch (FileAlreadyExistsException raced) {
                    // created by a run started at the same time: checked below like any other
                }
            }
            tighten(d, DIR_MODE, "folder");
        }
    }

    private Secret read(Path file, String name) {
        try {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
                throw ProvisionException.invalidInput(file + ": not a regular file; a secret must be a plain file "
                        + "(delete it to generate a new secret)");
            }
            if (Files.isDirectory(dir.getParent())) tighten(dir.getParent(), DIR_MODE, "folder");
            tighten(dir, DIR_MODE, "folder");
            tighten(file, FILE_MODE, "file");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String v = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            Function<String, Optional<String>> rule = name.equals(GOSSIP_KEY) ? SecretRules::gossipKeyProblem
                    : name.equals(STATS_PASSWORD) ? SecretRules::statsPasswordProblem : SecretRules::passwordProblem;
            Optional<String> problem = v.isBlank() ? Optional.of("is empty") : rule.apply(v);
            if (problem.isPresent()) {
                throw ProvisionException.invalidInput(file + ": the secret in this file " + problem.get()
                        + "; write a valid one (one line), or delete the file to generate a new one"
                        + (name.equals(GOSSIP_KEY) ? " (a cluster already running keeps its old key in its keyring)" : ""));
            }
            return Secret.of(v);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ProvisionException.invalidInput(file + ": the secret in this file is not UTF-8 text; "
                    + "delete the file to generate a new one");
        } catch (IOException e) {
            throw ProvisionException.invalidInput(file + ": cannot read this secret: " + e.getMessage());
        }
    }

    /** Takes group and other permissions away, saying so: whoever could read it may know the secret. */
    private void tighten(Path p, Set<PosixFilePermission> mode, String what) throws IOException {
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return; // no permissions to check on this file system
        }
        if (now.stream().noneMatch(OTHERS::contains)) return;
        Files.setPosixFilePermissions(p, mode);
        synchronized (this) {
            warnings.add(p + ": this secrets " + what + " was open to other users (mode "
                    + PosixFilePermissions.toString(now) + "); set to " + PosixFilePermissions.toString(mode)
                    + ". Anyone who could read it may know the secret: set a new one if that matters.");
        }
    }
}
