package dev.provision.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and durations read in every report: the same words everywhere. */
public final class Format {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {}

    /** "420 ms" under a second, "1.62 s" above. */
    public static String duration(Duration d) {
        return millis(d.toMillis());
    }

    public static String millis(long ms) {
        if (ms < 1000) return ms + " ms";
        return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    public static String instant(Instant i) {
        return UTC.format(i);
    }
}
