package dev.provision.artifacts;

import java.util.Optional;
import java.util.regex.Pattern;

/** Reads vendors' checksum files: "SHA256  name" lines (SHA256SUMS, *.sha256), or a bare digest. */
public final class ChecksumFile {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private ChecksumFile() {}

    /** The digest listed for {@code fileName}, if any. */
    public static Optional<String> digestFor(String text, String fileName) {
        String[] lines = text.strip().split("\\R");
        for (String line : lines) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && HEX.matcher(f[0]).matches()) {
                String name = f[1].startsWith("*") ? f[1].substring(1) : f[1];
                if (name.equals(fileName) || name.endsWith("/" + fileName)) return Optional.of(f[0].toLowerCase());
            }
        }
        if (lines.length == 1 && HEX.matcher(lines[0].strip()).matches()) return Optional.of(lines[0].strip().toLowerCase());
        return Optional.empty();
    }
}
