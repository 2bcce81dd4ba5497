package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 sums and the sums files vendors publish: HashiCorp's {@code consul_V_SHA256SUMS} and
 * haproxy.org's {@code haproxy-V.tar.gz.sha256} share the {@code sha256sum} line format
 * "{@code <hex>  <file name>}".
 */
public final class ChecksumFiles {
    private ChecksumFiles() {}

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw ProvisionException.failed("cannot hash " + file + ": " + e.getMessage());
        }
    }

    /** One line of a sums file: the hex sum, two spaces, the file name, a newline. */
    public static String line(String sha256, String fileName) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex sum: " + sha256);
        }
        return sha256 + "  " + fileName + "\n";
    }

    /** The sum a sums file gives for {@code fileName}, or null. */
    public static String sumFor(String sumsFile, String fileName) {
        for (String l : sumsFile.lines().toList()) {
            String[] f = l.strip().split("\\s+\\*?", 2);
            if (f.length == 2 && f[1].equals(fileName)) {
                return f[0];
            }
        }
        return null;
    }
}
