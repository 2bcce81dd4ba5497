package dev.provision.playbook;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a step may take on a host: every command it runs there shares this budget. A step
 * declares it with {@code timeout: 30m} beside its name; without one, its operation's default.
 */
public final class StepTimeout {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(s|m|h)");
    /** A day: longer is a hang, not a slow build. */
    static final Duration MAX = Duration.ofHours(24);

    private StepTimeout() {}

    /** The default of an operation: installing packages and a command (a build) may take a while. */
    public static Duration defaultFor(String kind) {
        return switch (kind) {
            case "package" -> Duration.ofMinutes(20);
            case "command" -> Duration.ofMinutes(10);
            default -> Duration.ofMinutes(5);
        };
    }

    /** Parses "90s", "30m" or "1h" (1 s to 24 h). */
    static Duration parse(String text, Location at) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new PlaybookException(at, "timeout", "expected a duration like 90s, 30m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() || d.compareTo(MAX) > 0) {
            throw new PlaybookException(at, "timeout", "must be between 1s and 24h, got '" + text + "'");
        }
        return d;
    }

    /** "30m", "90s": as a step would write it. */
    public static String show(Duration d) {
        if (d.toSeconds() % 3600 == 0) return d.toHours() + "h";
        if (d.toSeconds() % 60 == 0) return d.toMinutes() + "m";
        return d.toSeconds() + "s";
    }
}
