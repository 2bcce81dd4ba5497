package dev.provision.transport;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * The files on this machine the SSH client reads, checked once before any host is contacted:
 * the known_hosts file and each private key file. A folder, an unreadable file or a key that
 * does not parse is the user's input, so it exits 2 with the file named, instead of every host
 * failing as "unreachable" with the same cause.
 */
final class LocalSshFiles {
    private LocalSshFiles() {}

    /** @throws ProvisionException exit 2, naming the file and what is wrong with it */
    static void check(SshSettings settings, List<Host> hosts, SSHClient keyReader) {
        checkKnownHosts(settings);
        Map<Path, Host> keys = new LinkedHashMap<>();
        for (Host h : hosts) h.privateKeyFile().ifPresent(k -> keys.putIfAbsent(k, h));
        keys.forEach((key, host) -> checkKey(key, host, keyReader));
    }

    private static void checkKnownHosts(SshSettings settings) {
        Path file = settings.knownHostsFile();
        if (Files.isDirectory(file)) {
            throw ProvisionException.invalidInput("--known-hosts " + file + ": is a folder, not a known_hosts file "
                    + "(name the file itself, e.g. " + file.resolve("known_hosts") + ")");
        }
        if (!Files.exists(file)) return; // nothing known yet: every host is new (and recorded with --accept-new-host-keys)
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw ProvisionException.invalidInput("known_hosts file " + file + ": cannot be read (not a regular file, "
                    + "or no permission)");
        }
        try {
            new KnownHostsVerifier(file, settings.acceptNewHostKeys());
        } catch (IOException | RuntimeException e) {
            throw ProvisionException.invalidInput("known_hosts file " + file + ": cannot be read: " + reason(e));
        }
    }

    private static void checkKey(Path key, Host host, SSHClient keyReader) {
        String whose = " (ansible_ssh_private_key_file of " + host.name() + ")";
        if (Files.isDirectory(key)) {
            throw ProvisionException.invalidInput("private key file " + key + whose + ": is a folder, not a key file");
        }
        if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
            throw ProvisionException.invalidInput("private key file " + key + whose + ": "
                    + (Files.exists(key) ? "cannot be read (no permission?)" : "does not exist"));
        }
        try {
            // SSHJ reads lazily: ask for both halves now, so a broken key fails here, not per host.
            KeyProvider provider = keyReader.loadKeys(key.toString());
            provider.getPrivate();
            provider.getPublic();
        } catch (IOException | RuntimeException e) {
            throw ProvisionException.invalidInput("private key file " + key + whose + ": not a private key provision "
                    + "can use (an unencrypted OpenSSH, PEM or PuTTY key): " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
