package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads this machine's apt sources to find the Debian mirror it uses, so the lab talks to the
 * same archive (and no mirror host is ever written into the repository). Reads both formats:
 * one-line {@code sources.list} entries and deb822 {@code *.sources} paragraphs; like apt,
 * only files ending in {@code .list} or {@code .sources} count.
 */
public final class AptSources {
    /** One "deb" source: a base URI and its suites. */
    public record Entry(String type, String uri, List<String> suites, Path file) {}

    private AptSources() {}

    /** The mirror of this machine: reads /etc/apt/sources.list and /etc/apt/sources.list.d. */
    public static String debianMirror(String suite) {
        return debianMirror(Path.of("/etc/apt"), suite);
    }

    /** The Debian mirror named by the apt configuration under {@code etcApt} for {@code suite}. */
    public static String debianMirror(Path etcApt, String suite) {
        List<Entry> entries = read(etcApt);
        return pick(entries, suite).orElseThrow(() -> ProvisionException.failed(
                "cannot find a Debian mirror for '" + suite + "' in " + etcApt.resolve("sources.list") + " or "
                        + etcApt.resolve("sources.list.d") + "/*.{list,sources}: the lab uses the mirror this machine's apt uses"));
    }

    /** Picks the entry serving {@code suite} itself (not -security or -updates); returns its URI with no trailing slash. */
    static Optional<String> pick(List<Entry> entries, String suite) {
        return entries.stream()
                .filter(e -> e.type().equals("deb"))
                .filter(e -> e.suites().contains(suite))
                .map(e -> e.uri().replaceAll("/+$", ""))
                .findFirst();
    }

    /** Every source entry of the configuration under {@code etcApt}, in apt's file order. */
    static List<Entry> read(Path etcApt) {
        var entries = new ArrayList<Entry>();
        Path list = etcApt.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            entries.addAll(parseOneLine(list, readString(list)));
        }
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".list")) {
                        entries.addAll(parseOneLine(f, readString(f)));
                    } else if (n.endsWith(".sources")) {
                        entries.addAll(parseDeb822(f, readString(f)));
                    }
                }
            } catch (IOException e) {
                throw ProvisionException.failed("cannot read " + dir + ": " + e.getMessage());
            }
        }
        return entries;
    }

    /** One-line format: {@code deb [options] URI suite [component...]}. */
    static List<Entry> parseOneLine(Path file, String text) {
        var entries = new ArrayList<Entry>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            line = line.replaceAll("\\[[^]]*]", " ").strip();
            String[] f = line.split("\\s+");
            if (f.length >= 3 && (f[0].equals("deb") || f[0].equals("deb-src"))) {
                entries.add(new Entry(f[0], f[1], List.of(f[2]), file));
            }
        }
        return entries;
    }

    /** deb822 format: paragraphs of {@code Field: value} separated by blank lines. */
    static List<Entry> parseDeb822(Path file, String text) {
        var entries = new ArrayList<Entry>();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String types = null, uris = null, suites = null, enabled = "yes";
            for (String raw : paragraph.split("\n")) {
                if (raw.startsWith("#") || raw.isBlank() || Character.isWhitespace(raw.charAt(0))) {
                    continue;
                }
                int colon = raw.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = raw.substring(0, colon).strip().toLowerCase();
                String value = raw.substring(colon + 1).strip();
                switch (key) {
                    case "types" -> types = value;
                    case "uris" -> uris = value;
                    case "suites" -> suites = value;
                    case "enabled" -> enabled = value;
                    default -> { }
                }
            }
            if (types == null || uris == null || suites == null || enabled.equalsIgnoreCase("no")) {
                continue;
            }
            List<String> suiteList = Arrays.asList(suites.split("\\s+"));
            for (String type : types.split("\\s+")) {
                for (String uri : uris.split("\\s+")) {
                    entries.add(new Entry(type, uri, suiteList, file));
                }
            }
        }
        return entries;
    }

    private static String readString(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot read " + f + ": " + e.getMessage());
        }
    }
}
