package dev.provision.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of an inventory variable: turns the scalar's text, as written in the file, into
 * the value kept in {@link Host#vars()}, or rejects it.
 *
 * <p>Types read the raw text rather than YAML's typed value so that {@code haproxy_version: 2.10}
 * stays "2.10" (YAML would make it the float 2.1).
 *
 * <p>Types are narrow on purpose: values end up in root shell scripts, systemd units and config
 * files on every host. A type that lets through a space, a quote, a newline or {@code ..} is a
 * way to run commands as root; every type below admits only what its setting needs.
 */
public interface VariableType {

    /** What a valid value looks like, for messages: "a port number (1-65535)". */
    String describe();

    /**
     * @param text the scalar exactly as written (without quotes)
     * @return the value to keep: a String, an Integer for numbers, a List of Strings for word lists
     * @throws IllegalArgumentException when the text is not of this type; when it is an
     *     {@link Invalid}, its message says why in words and is shown after the description
     */
    Object parse(String text);

    /** A rejection that says which part of the value is wrong ("99999 is not a port"). */
    final class Invalid extends IllegalArgumentException {
        public Invalid(String reason) {
            super(reason);
        }
    }

    /**
     * Any text: only for secrets (passwords), which never reach a template or a command line
     * (sudo reads them on stdin). Every other variable has a narrower type.
     */
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
            "a duration like 2s, 500ms or 1m", Pattern.compile("(\\d{1,6}(ms|s|m|h))+"));

    /** A whole number of at most four digits (counts, seconds). */
    VariableType SMALL_NUMBER = matching("a whole number (0-9999)", Pattern.compile("\\d{1,4}"));

    /**
     * An absolute path on a host, of safe characters only (letters, digits, {@code / . _ - + @}),
     * without {@code .} or {@code ..} segments: it goes into root scripts and units unquoted by
     * habit, and must name the folder it seems to.
     */
    VariableType ABSOLUTE_PATH = new VariableType() {
        private final Pattern safe = Pattern.compile("(/[A-Za-z0-9._+@-]+)+/?|/");

        @Override
        public String describe() {
            return "an absolute path of letters, digits and / . _ - + @ (no spaces, quotes or '..')";
        }

        @Override
        public Object parse(String text) {
            if (!safe.matcher(text).matches()) throw new IllegalArgumentException("unsafe path");
            for (String segment : text.split("/")) {
                if (segment.equals(".") || segment.equals("..")) throw new Invalid("'" + segment + "' segments are not allowed");
            }
            return text;
        }
    };

    /**
     * A path on the controller (a key file, the service jar, an artifacts folder): only read
     * locally, never sent to a host as text, so any printable path; {@code ~} and relative paths
     * are resolved by whoever uses them. No "{{": values may refer to other variables, and a path
     * must not turn into one of the secrets.
     */
    VariableType LOCAL_PATH = matching("a path without control characters or '{{'",
            Pattern.compile("(?!.*\\{\\{)[^\\p{Cntrl}]*\\S[^\\p{Cntrl}]*"));

    /** A TCP/UDP port, kept as an Integer. */
    VariableType PORT = new VariableType() {
        @Override
        public String describe() {
            return "a port number (1-65535)";
        }

        @Override
        public Object parse(String text) {
            if (!text.matches("\\d{1,5}")) throw new IllegalArgumentException("not a number");
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("out of range");
            return port;
        }
    };

    /**
     * Ports to open: "22/tcp 9100-9101/udp", separated by spaces or commas, each port 1-65535 and
     * each range low-high with low <= high. Kept as written (the firewall step splits it).
     */
    VariableType PORT_LIST = new VariableType() {
        private final Pattern token = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?/(tcp|udp|sctp)");

        @Override
        public String describe() {
            return "ports like \"22/tcp 9100-9101/udp\" (each 1-65535, ranges low-high)";
        }

        @Override
        public Object parse(String text) {
            for (String t : text.strip().split("[\\s,]+")) {
                if (t.isEmpty()) continue;
                Matcher m = token.matcher(t);
                if (!m.matches()) throw new Invalid("'" + t + "' is not PORT/PROTOCOL or LOW-HIGH/PROTOCOL");
                int low = Integer.parseInt(m.group(1));
                int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
                for (int p : new int[] {low, high}) {
                    if (p < 1 || p > 65535) throw new Invalid(p + " in '" + t + "' is not a port number (1-65535)");
                }
                if (low > high) throw new Invalid("the range '" + t + "' is backwards (" + low + " > " + high + ")");
            }
            return text;
        }
    };

    /**
     * Make's variable assignments, "TARGET=linux-glibc USE_PCRE2=1": {@code NAME=value} words of
     * safe characters, kept as a list of words so each is one argument of make.
     */
    VariableType MAKE_FLAGS = new VariableType() {
        private final Pattern word = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9._+,:/=-]*");

        @Override
        public String describe() {
            return "make flags like \"TARGET=linux-glibc USE_PCRE2=1\" (NAME=value words of letters, digits and . _ + , : / = -)";
        }

        @Override
        public Object parse(String text) {
            List<String> words = new ArrayList<>();
            for (String w : text.strip().split(" +")) {
                if (w.isEmpty()) continue;
                if (!word.matcher(w).matches()) throw new Invalid("'" + w + "' is not a NAME=value word of safe characters");
                words.add(w);
            }
            return List.copyOf(words);
        }
    };

    /** An http or https URL without spaces, quotes or control characters; "" keeps the default. */
    VariableType URL = matching("an http:// or https:// URL (letters, digits and . _ - ~ % / : @ + , =)",
            Pattern.compile("(https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._~%/:@+,=-]*)?)?"));

    /** A firewalld zone name: it becomes a file name under /etc/firewalld/zones/. */
    VariableType ZONE_NAME = matching("a zone name (letters, digits, '_' and '-', at most 32; no '/' or '..')",
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,31}"));

    /** A login name on a host: what SSH and sudo are given. */
    VariableType USER_NAME = matching("a user name (letters, digits, '_', '.', '-' and '@', not starting with '-')",
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}"));

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

    /** Where to connect: an IP address, or a host name of letters, digits, '-', '_' and '.'. */
    VariableType HOST_ADDRESS = new VariableType() {
        @Override
        public String describe() {
            return "an IP address or a host name (letters, digits, '-', '_' and '.')";
        }

        @Override
        public Object parse(String text) {
            if (HostName.isValid(text)) return text;
            return IP_ADDRESS.parse(text);
        }
    };

    /** The same type, also accepting "" (which keeps the playbook's default behaviour). */
    static VariableType orEmpty(VariableType type) {
        return new VariableType() {
            @Override
            public String describe() {
                return type.describe() + " or \"\"";
            }

            @Override
            public Object parse(String text) {
                return text.isEmpty() ? "" : type.parse(text);
            }
        };
    }

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
