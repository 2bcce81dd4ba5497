package dev.provision.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Writes one run's evidence with every writer into {@code <reportDir>/<timestamp>/} and points
 * {@code <reportDir>/latest} at it. Secrets are masked here, once, before any writer sees the
 * evidence.
 */
public final class ReportPublisher {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final List<ReportWriter> writers;
    private final UnaryOperator<String> redactor;

    public ReportPublisher(List<ReportWriter> writers, UnaryOperator<String> redactor) {
        this.writers = List.copyOf(writers);
        this.redactor = redactor;
    }

    /** The four formats: html, md, json and junit. */
    public static List<ReportWriter> standardWriters() {
        return List.of(new HtmlReportWriter(), new MarkdownReportWriter(), new JsonReportWriter(),
                new JunitReportWriter());
    }

    /**
     * Writes the reports.
     *
     * @return the directory written, e.g. {@code reports/20261127T131500Z}
     * @throws UncheckedIOException when the directory cannot be written
     */
    public Path publish(Evidence evidence, Path reportDir) {
        Evidence safe = evidence.redacted(redactor);
        try {
            Files.createDirectories(reportDir);
            Path dir = freshDirectory(reportDir, evidence.startedAt());
            for (ReportWriter w : writers) {
                Files.writeString(dir.resolve(w.fileName()), w.render(safe), StandardCharsets.UTF_8);
            }
            pointLatest(reportDir, dir);
            return dir;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the report under " + reportDir + ": " + ex.getMessage(), ex);
        }
    }

    private static Path freshDirectory(Path reportDir, Instant at) throws IOException {
        String base = STAMP.format(at);
        Path dir = reportDir.resolve(base);
        for (int i = 2; Files.exists(dir); i++) dir = reportDir.resolve(base + "-" + i);
        return Files.createDirectory(dir);
    }

    /** Replaces the link atomically (new link, then rename over), so "latest" is never missing. */
    private static void pointLatest(Path reportDir, Path dir) throws IOException {
        Path latest = reportDir.resolve("latest");
        Path tmp = reportDir.resolve(".latest-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, dir.getFileName());
        if (Files.isDirectory(latest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(latest + " is a real directory, not a link; move it away");
        }
        Files.move(tmp, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
