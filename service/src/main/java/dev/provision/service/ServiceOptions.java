package dev.provision.service;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's command-line options, validated. Built by {@link #parse}; immutable.
 * Java 11 source level on purpose: the service must run on CentOS 7's newest JRE.
 */
final class ServiceOptions {
    /** The help text of one program: its jar name and its defaults. */
    static String usage(Program program) {
        return String.join(System.lineSeparator(),
            "Usage: java -jar " + program.jar + " [options]",
            "  --port N               TCP port to listen on (default " + program.defaultPort + "; 0 = any free port)",
            "  --bind ADDR            address to listen on (default 0.0.0.0)",
            "  --service-name NAME    service name reported by the identity answer (default " + program.defaultServiceName + ")",
            "  --replica NAME         replica name reported (default: this host's name)",
            "  --address ADDR         replica address reported (default: first non-loopback IPv4)",
            "  --drain-seconds N      on SIGTERM, seconds /health answers 503 while the rest keeps serving (default 5)",
            "  --response-delay-ms N  simulated work per identity request, for demos and tests (default 0)",
            "  --broker-service NAME  Consul service name of the NATS broker (default: none, no broker)",
            "  --consul-http URL      the local Consul agent's HTTP API (default " + DEFAULT_CONSUL_HTTP + ")",
            "  --help                 print this help and exit");
    }

    static final String DEFAULT_CONSUL_HTTP = "http://127.0.0.1:8500";

    static final int MAX_DRAIN_SECONDS = 300;
    static final int MAX_RESPONSE_DELAY_MS = 10_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HTTP_URL =
            Pattern.compile("https?://[A-Za-z0-9.\\[\\]:_-]+(/[A-Za-z0-9._~/-]*)?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    final int port;
    final String bind;
    final String serviceName;
    /** Null until defaulted by {@link HostIdentity}: looking it up has a cost only when needed. */
    final String replica;
    final String address;
    final int drainSeconds;
    final int responseDelayMs;
    /** Consul service name of the broker; null: no broker. */
    final String brokerService;
    final String consulHttp;
    final boolean help;

    private ServiceOptions(int port, String bind, String serviceName, String replica, String address,
                           int drainSeconds, int responseDelayMs, String brokerService, String consulHttp,
                           boolean help) {
        this.port = port;
        this.bind = bind;
        this.serviceName = serviceName;
        this.replica = replica;
        this.address = address;
        this.drainSeconds = drainSeconds;
        this.responseDelayMs = responseDelayMs;
        this.brokerService = brokerService;
        this.consulHttp = consulHttp;
        this.help = help;
    }

    /** Copy with the replica name and address filled in (used for the defaults). */
    ServiceOptions withIdentity(String replicaName, String replicaAddress) {
        return new ServiceOptions(port, bind, serviceName, replicaName, replicaAddress,
                drainSeconds, responseDelayMs, brokerService, consulHttp, help);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} forms.
     *
     * @throws UsageException naming the option and the value it refused
     */
    static ServiceOptions parse(String[] args) throws UsageException {
        return parse(args, Program.WEB);
    }

    static ServiceOptions parse(String[] args, Program program) throws UsageException {
        int port = program.defaultPort;
        String bind = "0.0.0.0";
        String serviceName = program.defaultServiceName;
        String brokerService = null;
        String consulHttp = DEFAULT_CONSUL_HTTP;
        String replica = null;
        String address = null;
        int drainSeconds = 5;
        int responseDelayMs = 0;
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new ServiceOptions(port, bind, serviceName, replica, address, drainSeconds,
                        responseDelayMs, brokerService, consulHttp, true);
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!seen.add(name)) {
                throw new UsageException(name + ": given more than once");
            }
            switch (name) {
                case "--port":
                    port = integer(name, require(name, value), 0, 65535);
                    break;
                case "--bind":
                    bind = ipAddress(name, require(name, value));
                    break;
                case "--service-name":
                    serviceName = name(name, require(name, value));
                    break;
                case "--replica":
                    replica = name(name, require(name, value));
                    break;
                case "--address":
                    address = ipAddress(name, require(name, value));
                    break;
                case "--drain-seconds":
                    drainSeconds = integer(name, require(name, value), 0, MAX_DRAIN_SECONDS);
                    break;
                case "--response-delay-ms":
                    responseDelayMs = integer(name, require(name, value), 0, MAX_RESPONSE_DELAY_MS);
                    break;
                case "--broker-service":
                    brokerService = name(name, require(name, value));
                    break;
                case "--consul-http":
                    consulHttp = httpUrl(name, require(name, value));
                    break;
                default:
                    throw new UsageException("unknown option '" + name + "'");
            }
        }
        return new ServiceOptions(port, bind, serviceName, replica, address, drainSeconds,
                responseDelayMs, brokerService, consulHttp, false);
    }

    private static String require(String name, String value) throws UsageException {
        if (value == null || value.isEmpty() || value.startsWith("--")) {
            throw new UsageException(name + ": missing value");
        }
        return value;
    }

    private static int integer(String name, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the range, which is what the user needs to know
        }
        throw new UsageException(name + ": expected an integer from " + min + " to " + max
                + ", got '" + value + "'");
    }

    private static String name(String name, String value) throws UsageException {
        if (!NAME.matcher(value).matches()) {
            throw new UsageException(name + ": expected letters, digits, '.', '_' or '-' (at most 63),"
                    + " got '" + printable(value) + "'");
        }
        return value;
    }

    /** An IP literal only: a host name here would make startup depend on DNS. */
    private static String ipAddress(String name, String value) throws UsageException {
        if (IPV4.matcher(value).matches() || IPV6.matcher(value).matches()) {
            return value;
        }
        throw new UsageException(name + ": expected an IP address, got '" + printable(value) + "'");
    }

    /** http(s)://host[:port][/path], no query: the agent's API paths are appended to it. */
    private static String httpUrl(String name, String value) throws UsageException {
        if (HTTP_URL.matcher(value).matches()) {
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }
        throw new UsageException(name + ": expected an http:// or https:// URL such as "
                + DEFAULT_CONSUL_HTTP + ", got '" + printable(value) + "'");
    }

    /** Keeps the one-line promise of error messages even for hostile input. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", "?");
    }
}
