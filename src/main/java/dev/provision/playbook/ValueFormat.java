package dev.provision.playbook;

import com.samskivert.mustache.Mustache;
import dev.provision.json.Json;
import dev.provision.transport.Shell;
import java.util.regex.Pattern;

/**
 * How a {{value}} is written into one kind of text: escaped for that format, or refused when
 * the format cannot hold it safely. Inventory types already keep values narrow; this is the
 * second wall, so that a value that got through anyway cannot add a line to a unit, a key to
 * a JSON file or a command to a root script.
 */
public enum ValueFormat implements Mustache.Escaper {
    /** A word of a POSIX shell script: quoted, in the one place that quotes ({@link Shell}). */
    SHELL("a shell command") {
        @Override
        public String escape(String raw) {
            return Shell.quote(raw);
        }
    },
    /** Inside a JSON string literal: escaped by the one JSON escaper. */
    JSON("a JSON file") {
        @Override
        public String escape(String raw) {
            return Json.inString(raw);
        }
    },
    /** Inside an HCL quoted string: JSON's escapes, and no ${...} or %{...} interpolation. */
    HCL("an HCL file") {
        @Override
        public String escape(String raw) {
            if (raw.contains("${") || raw.contains("%{")) throw new Refused(this);
            return JSON.escape(raw);
        }
    },
    /**
     * A systemd unit: one setting per line, so no line break or control character, and no
     * backslash (a trailing one continues the line, joining the next setting to the value).
     */
    UNIT("a systemd unit") {
        @Override
        public String escape(String raw) {
            if (CONTROL.matcher(raw).find() || raw.contains("\\")) throw new Refused(this);
            return raw;
        }
    },
    /**
     * A line-based config of space-separated words with # comments (HAProxy's): a value is one
     * word, so no whitespace, quote, backslash or '#'.
     */
    CONFIG("a configuration file") {
        @Override
        public String escape(String raw) {
            if (CONTROL.matcher(raw).find() || WORD_BREAKERS.matcher(raw).find()) throw new Refused(this);
            return raw;
        }
    },
    /** A step's argument (a path, a name) that operations quote themselves: no control character. */
    ARGUMENT("a step argument") {
        @Override
        public String escape(String raw) {
            if (CONTROL.matcher(raw).find()) throw new Refused(this);
            return raw;
        }
    };

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");
    private static final Pattern WORD_BREAKERS = Pattern.compile("[\\s\"'\\\\#]");

    private final String what;

    ValueFormat(String what) {
        this.what = what;
    }

    /** "a systemd unit": what the format is, for messages. */
    public String what() {
        return what;
    }

    /** True when this format writes the value as it is or escaped, false when it refuses it. */
    public boolean accepts(String raw) {
        try {
            escape(raw);
            return true;
        } catch (Refused e) {
            return false;
        }
    }

    /** The format of a template file, by its name: what its values are escaped for. */
    public static ValueFormat ofTemplate(String name) {
        if (name.endsWith(".json")) return JSON;
        if (name.endsWith(".hcl")) return HCL;
        if (name.endsWith(".service") || name.endsWith(".conf") || name.endsWith(".socket") || name.endsWith(".timer")) {
            return UNIT;
        }
        return CONFIG;
    }

    /** A value this format cannot hold. Carries no value: it may be a secret. */
    public static final class Refused extends RuntimeException {
        private final transient ValueFormat format;

        Refused(ValueFormat format) {
            super("a value " + format.what() + " cannot hold", null, false, false);
            this.format = format;
        }

        public ValueFormat format() {
            return format;
        }
    }
}
