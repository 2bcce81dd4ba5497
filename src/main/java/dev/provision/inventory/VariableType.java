package dev.provision.inventory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The type of an inventory variable: turns the scalar's text, as written in the file, into
 * the value kept in {@link Host#vars()}, or rejects it.
 *
 * <p>Types read the raw text rather than YAML's typed value so that {@code haproxy_version: 2.10}
 * stays "2.10" (YAML would make it the float 2.1).
 */
public interface VariableType {

    /** What a valid value looks like, for messages: "a port number (1-65535)". */
    String describe();

    /**
     * @param text the scalar exactly as written (without quotes)
     * @return the value to keep: a String, or an Integer for numbers
     * @throws IllegalArgumentException when the text is not of this type (the message is ignored;
     *     callers say {@code "TEXT" is not DESCRIBE})
     */
    Object parse(String text);

    /** Any scalar, kept as its text. */
    VariableType STRING = matching("a string", Pattern.compile("(?s).*"));

    /** A release number: "1.8.7", "2.6.12", "1.8.7+ent". */
    VariableType VERSION = matching(
            "a version like 1.8.7", Pattern.compile("\\d+(\\.\\d+){0,3}([-+~][0-9A-Za-z.+~-]+)?"));

    /** One DNS label, as Consul service names and host names need. */
    VariableType DNS_LABEL = matching(
            "a DNS label (lowercase letters, digits and '-', at most 63, not starting or ending with '-')",
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"));

    /** A Go-style duration as Consul and HAProxy accept: "2s", "500ms", "1m", "1m30s". */
    VariableType DURATION = matching(
            "a duration like 2s, 500ms or 1m", Pattern.compile("(\\d+(ms|s|m|h))+"));

    /** A file or folder path; relative paths are resolved by whoever uses them. */
    VariableType PATH = matching("a path", Pattern.compile("(?s).*\\S.*"));

    /** A TCP/UDP port, kept as an Integer. */
    VariableType PORT = new VariableType() {
        @Override
        public String describe() {
            return "a port number (1-65535)";
        }

        @Override
        public Object parse(String text) {
            int port = Integer.parseInt(text.trim()); // NumberFormatException is an IllegalArgumentException
            if (port < 1 || port > 65535) throw new IllegalArgumentException("out of range");
            return port;
        }
    };

    /** An IPv4 address in dotted form, or an IPv6 literal. Never resolved: no lookup happens. */
    VariableType IP_ADDRESS = new VariableType() {
        private final Pattern ipv4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
        private final Pattern ipv6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        @Override
        public String describe() {
            return "an IP address";
        }

        @Override
        public Object parse(String text) {
            if (ipv4.matcher(text).matches()) return text;
            if (ipv6.matcher(text).matches()) {
                try {
                    // A literal containing ':' is parsed, never looked up.
                    java.net.InetAddress.getByName(text);
                    return text;
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            throw new IllegalArgumentException("not an address");
        }
    };

    /** One of a fixed set of words. */
    static VariableType oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return new VariableType() {
            @Override
            public String describe() {
                return "one of " + String.join(", ", allowed);
            }

            @Override
            public Object parse(String text) {
                if (!allowed.contains(text)) throw new IllegalArgumentException("not allowed");
                return text;
            }
        };
    }

    /** Text matching a pattern, kept as a String. */
    static VariableType matching(String description, Pattern pattern) {
        return new VariableType() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public Object parse(String text) {
                if (!pattern.matcher(text).matches()) throw new IllegalArgumentException("no match");
                return text;
            }
        };
    }
}
