package dev.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers stay layers: only the command line ({@code cli/}) and the entry point know picocli
 * or the commands; everything below can be used, and tested, without them.
 */
class LayeringTest {
    static final Path SOURCES = Path.of("src/main/java/dev/provision");
    /** An import of, or a qualified name in, the command line's package or picocli. */
    static final Pattern UPWARD = Pattern.compile("\\bdev\\.provision\\.cli\\b|\\bpicocli\\b");

    static List<String> offenders(Path root) throws IOException {
        var found = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path rel = root.relativize(f);
                if (rel.startsWith("cli") || rel.toString().equals("Main.java")) continue;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) continue; // doc text
                    if (UPWARD.matcher(code).find()) found.add(rel + ":" + (i + 1) + ": " + code);
                }
            }
        }
        return found;
    }

    @Test
    void noClassBelowTheCommandLineUsesItOrPicocli() throws IOException {
        assertEquals(List.of(), offenders(SOURCES));
    }

    @Test
    void theCheckFindsAnUpwardImport(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("engine"));
        Files.createDirectories(tmp.resolve("cli"));
        Files.writeString(tmp.resolve("engine/Bad.java"), "package x;\nimport dev.provision.cli.ExitCode;\nclass Bad {}\n");
        Files.writeString(tmp.resolve("engine/Worse.java"), "package x;\nclass Worse { picocli.CommandLine c; }\n");
        Files.writeString(tmp.resolve("cli/Fine.java"), "package x;\nimport picocli.CommandLine;\nclass Fine {}\n");
        var found = offenders(tmp);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("engine/Bad.java:2: import dev.provision.cli.ExitCode;"), found.toString());
    }
}
