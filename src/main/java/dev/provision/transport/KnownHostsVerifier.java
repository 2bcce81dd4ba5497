package dev.provision.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies a host key against an OpenSSH known_hosts file (hashed entries and the
 * {@code [host]:port} form included), as OpenSSH does with {@code StrictHostKeyChecking}
 * {@code yes}, or {@code accept-new} when asked. Never accepts a key it cannot match, except a
 * first-seen one under accept-new, which it records.
 *
 * <p>One instance per connection: it reads the file when made (so it sees keys other connections
 * recorded) and remembers why it refused, for the connector's message. An unknown key is judged
 * on the file as it is at that moment, so parallel connections to one address agree.
 */
public final class KnownHostsVerifier extends OpenSSHKnownHosts {
    /** Decisions on unknown keys, and the appends they make, go one connection at a time. */
    private static final Object APPEND_LOCK = new Object();

    private final Path file;
    private final boolean acceptNew;
    private volatile String refusal;
    private volatile String recorded;

    public KnownHostsVerifier(Path file, boolean acceptNew) throws IOException {
        super(file.toFile());
        this.file = file;
        this.acceptNew = acceptNew;
    }

    /** Why the key was refused, a multi-line message with what to do; empty if it was not. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The line recorded under accept-new, if one was. */
    public Optional<String> recorded() {
        return Optional.ofNullable(recorded);
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        // sshj would let another line accept a key that a @revoked line names; OpenSSH never does.
        String entryName = port == 22 ? hostname.toLowerCase() : "[" + hostname.toLowerCase() + "]:" + port;
        int revokedAt = revokedLine(entryName, key);
        if (revokedAt > 0) {
            refusal = "host key of " + entryName + " (" + describe(key) + ") is marked @revoked in " + file
                    + " line " + revokedAt + ": refusing it.";
            return false;
        }
        return super.verify(hostname, port, key);
    }

    /** The 1-based line of a @revoked entry for this host and key, or 0. */
    private int revokedLine(String entryName, PublicKey key) {
        if (!Files.exists(file)) return 0;
        String wanted = Base64.getEncoder().encodeToString(blob(key));
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            var factory = new EntryFactory();
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 4 || !f[0].equals("@revoked") || !f[3].equals(wanted)) continue;
                try {
                    KnownHostEntry e = factory.parseEntry(lines.get(i));
                    if (e != null && e.appliesTo(entryName)) return i + 1;
                } catch (IOException | RuntimeException unreadable) {
                    // Not a line sshj can use: it cannot revoke anything either.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String entryName, PublicKey key) {
        // Decide on the file as it is now, not as it was read: a parallel connection to the same
        // address may have recorded this very key since. Appends happen under the same lock.
        synchronized (APPEND_LOCK) {
            return decideUnknown(entryName, key);
        }
    }

    private boolean decideUnknown(String entryName, PublicKey key) {
        KeyType type = KeyType.fromKey(key);
        if (recordedSinceRead(entryName, type, key)) return true;
        if (!linesFor(entryName, type).isEmpty()) {
            // Recorded meanwhile with another key of this type: as good as changed.
            return hostKeyChangedAction(entryName, key);
        }
        List<Integer> otherTypes = linesFor(entryName, null);
        if (!otherTypes.isEmpty()) {
            // Known with keys of other types only: OpenSSH would not silently add one either.
            refusal = changedMessage(entryName, key, otherTypes, "has no " + KeyType.fromKey(key)
                    + " key recorded but keys of another type are, which may mean it was replaced");
            return false;
        }
        if (!acceptNew) {
            refusal = "host key of " + entryName + " is not known (" + describe(key) + ").\n"
                    + "  Check the fingerprint, then either run again with --accept-new-host-keys,\n"
                    + "  or record it yourself: ssh-keyscan " + keyscanArgs(entryName) + " >> " + file;
            return false;
        }
        String line = entryName + " " + KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob(key));
        try {
            append(line);
        } catch (IOException e) {
            refusal = "cannot record the host key of " + entryName + " in " + file + ": " + e.getMessage();
            return false;
        }
        recorded = line;
        return true;
    }

    private boolean recordedSinceRead(String entryName, KeyType type, PublicKey key) {
        try {
            for (KnownHostEntry e : new OpenSSHKnownHosts(file.toFile()).entries()) {
                if (e.appliesTo(type, entryName) && e.verify(key)) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String entryName, PublicKey key) {
        List<Integer> lines = linesFor(entryName, KeyType.fromKey(key));
        if (lines.isEmpty()) {
            // Only a @revoked line (for another key) named the host: it records no key for it.
            return hostKeyUnverifiableAction(entryName, key);
        }
        refusal = changedMessage(entryName, key, lines,
                "does not match the one recorded; someone may be intercepting the connection, "
                        + "or the host was rebuilt");
        return false;
    }

    private String changedMessage(String entryName, PublicKey key, List<Integer> lines, String why) {
        String where = lines.isEmpty() ? file.toString()
                : file + (lines.size() == 1 ? " line " : " lines ")
                        + String.join(", ", lines.stream().map(String::valueOf).toList());
        return "HOST KEY CHANGED for " + entryName + ": the key it offers (" + describe(key) + ") " + why
                + ".\n  Recorded in " + where + ".\n"
                + "  If the change is expected, forget the old key with: ssh-keygen -R '" + entryName + "' -f " + file
                + "\n  then connect again with --accept-new-host-keys.";
    }

    /** 1-based line numbers of plain key entries for this host, of this key type (any type if null). */
    private List<Integer> linesFor(String entryName, KeyType type) {
        var out = new ArrayList<Integer>();
        if (!Files.exists(file)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        var factory = new EntryFactory();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("@")) continue; // @revoked, @cert-authority: not a host's key
            try {
                KnownHostEntry e = factory.parseEntry(lines.get(i));
                if (e != null && (type == null ? e.appliesTo(entryName) : e.appliesTo(type, entryName))) {
                    out.add(i + 1);
                }
            } catch (IOException | RuntimeException ignored) {
                // A line sshj cannot read cannot be the one that matched either.
            }
        }
        return out;
    }

    private void append(String line) throws IOException {
        synchronized (APPEND_LOCK) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (var ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    var lock = ch.lock()) {
                // Two inventory hosts at one address (or another run) may have just recorded it.
                if (Files.readAllLines(file, StandardCharsets.UTF_8).contains(line)) return;
                // Start on a line of our own even if the file's last line has no newline.
                String prefix = endsWithNewline() ? "" : "\n";
                ch.write(java.nio.ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private boolean endsWithNewline() throws IOException {
        long size = Files.size(file);
        if (size == 0) return true;
        try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
            var b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) == '\n';
        }
    }

    /** "ssh-ed25519 SHA256:…", as OpenSSH shows a key. */
    public static String describe(PublicKey key) {
        return KeyType.fromKey(key) + " " + sha256Fingerprint(key);
    }

    /** The OpenSSH SHA256 fingerprint: unpadded base64 of the SHA-256 of the key blob. */
    public static String sha256Fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** "[h]:2222" -> "-p 2222 h"; "h" -> "h". */
    private static String keyscanArgs(String entryName) {
        if (entryName.startsWith("[")) {
            int close = entryName.indexOf("]:");
            if (close > 0) return "-p " + entryName.substring(close + 2) + " " + entryName.substring(1, close);
        }
        return entryName;
    }

}
