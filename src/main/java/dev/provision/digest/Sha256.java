package dev.provision.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 digests of bytes and of local files (files hashed once per run). */
public final class Sha256 {
    private static final Map<Path, String> FILES = new ConcurrentHashMap<>();

    private Sha256() {}

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String of(Path file) {
        return FILES.computeIfAbsent(file.toAbsolutePath().normalize(), Sha256::hash);
    }

    /** Records a digest known from a trusted source (computed when the file was written). */
    public static void remember(Path file, String sha) {
        FILES.put(file.toAbsolutePath().normalize(), sha);
    }

    /** Hashes the file now, without consulting or filling the cache. */
    public static String ofUncached(Path file) {
        return hash(file);
    }

    private static String hash(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
