package dev.provision.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.inventory.ConnectionVariables;
import dev.provision.inventory.Suggestion;
import dev.provision.inventory.Variable;
import dev.provision.inventory.VariableType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The variables playbooks/variables.yaml declares, and Ansible's connection variables beside them. */
class DeploymentSchemaTest {
    private static final DeploymentSchema SCHEMA = ProjectSchema.get();

    private static Optional<Variable> find(String name) {
        return ConnectionVariables.find(name).or(() -> SCHEMA.find(name));
    }

    private static boolean isKnown(String name) {
        return name.startsWith(ConnectionVariables.PREFIX) || SCHEMA.isKnown(name);
    }

    private static Optional<String> suggest(String name) {
        var names = new java.util.ArrayList<String>();
        ConnectionVariables.ALL.forEach(v -> names.add(v.name()));
        names.addAll(SCHEMA.names());
        return Suggestion.closest(name, names);
    }


    @ParameterizedTest(name = "{0} = \"{1}\" accepted: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            consul_version     | 1.8.7           | true
            consul_version     | 1.8             | true
            consul_version     | 1.10.0+ent      | true
            consul_version     | latest          | false
            haproxy_version    | 2.6.12          | true
            service_name       | web             | true
            service_name       | web-api-2       | true
            service_name       | Web             | false
            service_name       | -web            | false
            service_name       | web_api         | false
            service_port       | 8080            | true
            service_port       | 65535           | true
            service_port       | 65536           | false
            service_port       | 8080.5          | false
            lb_port            | 0               | false
            health_interval    | 2s              | true
            health_interval    | 500ms           | true
            health_interval    | 1m30s           | true
            health_interval    | 2               | false
            health_interval    | 2 s             | false
            lb_discovery       | dns             | true
            lb_discovery       | consul-template | true
            lb_discovery       | DNS             | false
            consul_client_addr | 127.0.0.1       | true
            consul_client_addr | ::1             | true
            consul_client_addr | 256.0.0.1       | false
            consul_client_addr | consul.local    | false
            consul_datacenter  | dc1             | true
            artifacts_dir      | /srv/artifacts  | true
            service_port       | +80             | false
            service_port       | ' 80'           | false
            consul_bin         | /usr/local/bin/consul | true
            consul_bin         | bin/consul      | false
            consul_bin         | '/usr/bin/x; id' | false
            consul_bin         | /usr/../etc/x   | false
            consul_bin         | '/opt/my app'   | false
            java_bin           | '/usr/bin/java\nExecStartPre=+/bin/sh' | false
            firewall_zone      | public          | true
            firewall_zone      | ../../systemd/system/x | false
            firewall_zone      | a/b             | false
            firewall_extra_ports | 22/tcp 9100-9101/udp | true
            firewall_extra_ports | ''            | true
            firewall_extra_ports | 0/tcp         | false
            firewall_extra_ports | 99999/tcp     | false
            firewall_extra_ports | 9101-9100/tcp | false
            firewall_extra_ports | 22            | false
            centos_vault_baseurl | https://mirror.example/centos-vault | true
            centos_vault_baseurl | ''            | true
            centos_vault_baseurl | ftp://mirror.example/ | false
            centos_vault_baseurl | 'http://x/ gpgcheck=0' | false
            haproxy_make_flags | TARGET=linux-glibc USE_PCRE2=1 | true
            haproxy_make_flags | 'TARGET=x; id'  | false
            haproxy_make_flags | '$(id)'         | false
            ansible_host       | 10.0.0.1        | true
            ansible_host       | web-1.example   | true
            ansible_host       | 'x y'           | false
            ansible_user       | vagrant         | true
            ansible_user       | '-oProxyCommand=x' | false
            """)
    void typesAcceptAndRejectValues(String name, String text, boolean accepted) {
        VariableType type = find(name).orElseThrow().type();
        if (accepted) {
            type.parse(text);
        } else {
            assertThrows(IllegalArgumentException.class, () -> type.parse(text), type.describe());
        }
    }

    @Test
    void makeFlagsAreWords() {
        assertEquals(java.util.List.of("TARGET=linux-glibc", "USE_PCRE2=1"), VariableType.MAKE_FLAGS.parse(" TARGET=linux-glibc  USE_PCRE2=1"));
    }

    @Test
    void portListSaysWhichPortIsWrong() {
        var e = assertThrows(VariableType.Invalid.class, () -> VariableType.PORT_LIST.parse("22/tcp 9101-9100/udp"));
        assertEquals("the range '9101-9100/udp' is backwards (9101 > 9100)", e.getMessage());
    }

    /** The defence against untyped values: only secrets (never in a template or command) may be any text. */
    @Test
    void onlySecretsAreFreeText() {
        for (var v : SCHEMA.variables().values()) {
            if (v.type() == VariableType.STRING) {
                assertTrue(v.name().contains("pass"), v.name() + " is free text but is not a password");
            }
        }
    }

    @Test
    void portsAreNumbers() {
        assertEquals(8080, VariableType.PORT.parse("8080"));
    }

    @Test
    void namesAreListedOnce() {
        // YAML refuses a key written twice; a connection variable must not be declared again.
        SCHEMA.names().forEach(n -> assertTrue(ConnectionVariables.find(n).isEmpty(), "also a connection variable: " + n));
    }

    @Test
    void ansibleAndProvisionPrefixesAreAccepted() {
        assertTrue(isKnown("ansible_become"));
        assertTrue(isKnown("provision_anything"));
        assertTrue(isKnown("lb_port"));
        assertFalse(isKnown("lb_prot"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            consl_version,   consul_version
            service_prot,    service_port
            SERVICE_NAME,    service_name
            helth_interval,  health_interval
            stat_port,       stats_port
            """)
    void typosGetASuggestion(String typo, String suggestion) {
        assertEquals(Optional.of(suggestion), suggest(typo));
    }

    @Test
    void unrelatedNamesGetNone() {
        assertEquals(Optional.empty(), suggest("favourite_colour"));
        assertEquals(Optional.empty(), suggest("x"));
    }
}
