package dev.provision.inventory;

import java.util.List;
import java.util.Optional;

/**
 * The inventory variables provision understands: names and types only. Defaults live with
 * the steps that use them, in {@code playbooks/}.
 *
 * <p>To teach provision a new variable, add one line to {@link #ALL}. Every {@code ansible_*}
 * name (Ansible has dozens of connection and privilege settings) and every {@code provision_*}
 * name is accepted without a warning; the ones listed here are also type-checked. Any other
 * name is kept but reported as a warning, with a suggestion when it looks like a typo.
 */
public final class KnownVariables {

    /** The deployment's variables. */
    private static final List<Variable> DEPLOYMENT = List.of(
            // The deployment.
            new Variable("consul_version", VariableType.VERSION, "Consul release to install"),
            new Variable("consul_datacenter", VariableType.DNS_LABEL, "Consul datacenter name"),
            new Variable("consul_client_addr", VariableType.IP_ADDRESS, "where Consul's HTTP and DNS listen (default loopback)"),
            new Variable("haproxy_version", VariableType.VERSION, "HAProxy release built from source"),
            new Variable("service_name", VariableType.DNS_LABEL, "name of the microservice in Consul"),
            new Variable("service_port", VariableType.PORT, "port the microservice listens on"),
            new Variable("lb_port", VariableType.PORT, "port the load balancer's frontend listens on"),
            new Variable("stats_port", VariableType.PORT, "port of HAProxy's stats page"),
            new Variable("health_interval", VariableType.DURATION, "interval of the HTTP health checks"),
            new Variable("lb_discovery", VariableType.oneOf("dns", "consul-template"), "how HAProxy follows Consul"),
            new Variable("artifacts_dir", VariableType.orEmpty(VariableType.LOCAL_PATH), "folder holding release files for hosts without internet"),
            // Read by the playbooks of 'provision up' (defaults in playbooks/defaults.yaml).
            new Variable("service_jar", VariableType.LOCAL_PATH, "the microservice jar on the controller (default: beside provision.jar)"),
            new Variable("service_dir", VariableType.ABSOLUTE_PATH, "folder of the microservice jar on the hosts"),
            new Variable("service_drain_seconds", VariableType.SMALL_NUMBER,
                    "seconds a replica keeps answering after SIGTERM"),
            new Variable("service_stop_timeout", VariableType.DURATION, "systemd's TimeoutStopSec for a replica (longer than the drain)"),
            new Variable("service_heap", VariableType.matching("a JVM size like 64m", java.util.regex.Pattern.compile("\\d+[kmg]")),
                    "maximum heap of a replica's JVM"),
            new Variable("java_bin", VariableType.ABSOLUTE_PATH, "the java executable on replicas"),
            new Variable("health_timeout", VariableType.DURATION, "timeout of the HTTP health checks"),
            new Variable("consul_data_dir", VariableType.ABSOLUTE_PATH, "Consul's data folder"),
            new Variable("consul_config_dir", VariableType.ABSOLUTE_PATH, "Consul's configuration folder"),
            new Variable("consul_bin", VariableType.ABSOLUTE_PATH, "where the Consul binary is installed"),
            new Variable("consul_log_level", VariableType.oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERR"), "Consul's log level"),
            new Variable("haproxy_src_dir", VariableType.ABSOLUTE_PATH, "where HAProxy's source is unpacked and built"),
            new Variable("haproxy_config", VariableType.ABSOLUTE_PATH, "HAProxy's configuration file"),
            new Variable("haproxy_bin", VariableType.ABSOLUTE_PATH, "the HAProxy binary 'make install' puts in place"),
            new Variable("haproxy_make_flags", VariableType.MAKE_FLAGS, "make flags for the HAProxy build"),
            new Variable("stats_user", VariableType.DNS_LABEL, "user name of HAProxy's stats page"),
            // Secrets: generated once in .provision/secrets/ unless set here.
            new Variable("stats_password", SecretType.STATS_PASSWORD, "password of HAProxy's stats page"),
            new Variable("gossip_key", SecretType.GOSSIP_KEY, "Consul's gossip encryption key, the same for every host"),
            new Variable("lb_max_replicas", VariableType.SMALL_NUMBER,
                    "server-template slots: replicas the balancer can hold (default: room to double)"),
            new Variable("lb_resolve_interval", VariableType.DURATION, "how often HAProxy asks Consul's DNS"),
            new Variable("lb_hold", VariableType.DURATION, "how long HAProxy keeps a DNS answer (and a vanished replica)"),
            new Variable("lb_check_interval", VariableType.DURATION, "interval of HAProxy's own health checks"),
            new Variable("consul_template_binary", VariableType.orEmpty(VariableType.LOCAL_PATH), "lb_discovery consul-template: its binary on the controller"),
            new Variable("consul_template_bin", VariableType.ABSOLUTE_PATH, "where the consul-template binary is installed"),
            new Variable("firewall_zone", VariableType.ZONE_NAME, "firewalld zone holding the ports"),
            new Variable("firewall_extra_ports", VariableType.orEmpty(VariableType.PORT_LIST),
                    "more ports to open on every host, space-separated"),
            new Variable("centos_vault_baseurl", VariableType.URL, "CentOS 7: vault mirror to use instead of the repo files' own"));

    /** Every variable provision reads: the connection's, then the deployment's. */
    public static final List<Variable> ALL =
            java.util.stream.Stream.concat(ConnectionVariables.ALL.stream(), DEPLOYMENT.stream()).toList();

    /** The deployment's variables as rules for the inventory loader. */
    public static final VariableRules RULES = new VariableRules() {
        @Override
        public Optional<Variable> find(String name) {
            return DEPLOYMENT.stream().filter(v -> v.name().equals(name)).findFirst();
        }

        @Override
        public List<String> names() {
            return DEPLOYMENT.stream().map(Variable::name).toList();
        }

        @Override
        public boolean isKnown(String name) {
            return KnownVariables.isKnown(name);
        }

        @Override
        public void check(Inventory inventory, InventoryLines lines, Problems problems) {
            RoleGroups.check(inventory, lines, problems);
        }
    };

    /** Prefixes whose variables are accepted without a warning. */
    public static final List<String> ACCEPTED_PREFIXES = List.of("ansible_", "provision_");

    private KnownVariables() {}

    public static Optional<Variable> find(String name) {
        return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** True for a secret variable: kept as a Secret, masked everywhere, never quoted in a message. */
    public static boolean isSecret(String name) {
        return find(name).map(v -> v.type() instanceof SecretType).orElse(false);
    }

    /** True when a variable of this name is expected (listed, or under an accepted prefix). */
    public static boolean isKnown(String name) {
        return find(name).isPresent() || ACCEPTED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The listed name closest to a misspelt one, when it is close enough to be a likely typo. */
    public static Optional<String> suggest(String name) {
        return Suggestion.closest(name, ALL.stream().map(Variable::name).toList());
    }
}
