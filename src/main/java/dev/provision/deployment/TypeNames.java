package dev.provision.deployment;

import dev.provision.inventory.SecretType;
import dev.provision.inventory.VariableType;
import java.util.Map;
import java.util.Optional;

/** The variable types variables.yaml refers to by name. */
final class TypeNames {
    private static final Map<String, VariableType> BY_NAME = Map.ofEntries(
            Map.entry("version", VariableType.VERSION),
            Map.entry("dns_label", VariableType.DNS_LABEL),
            Map.entry("duration", VariableType.DURATION),
            Map.entry("small_number", VariableType.SMALL_NUMBER),
            Map.entry("absolute_path", VariableType.ABSOLUTE_PATH),
            Map.entry("local_path", VariableType.LOCAL_PATH),
            Map.entry("port", VariableType.PORT),
            Map.entry("port_list", VariableType.PORT_LIST),
            Map.entry("make_flags", VariableType.MAKE_FLAGS),
            Map.entry("url", VariableType.URL),
            Map.entry("zone_name", VariableType.ZONE_NAME),
            Map.entry("user_name", VariableType.USER_NAME),
            Map.entry("ip_address", VariableType.IP_ADDRESS),
            Map.entry("host_address", VariableType.HOST_ADDRESS),
            Map.entry("password", SecretType.PASSWORD),
            Map.entry("stats_password", SecretType.STATS_PASSWORD),
            Map.entry("gossip_key", SecretType.GOSSIP_KEY),
            Map.entry("services", ServicesType.INSTANCE));

    private TypeNames() {}

    static Optional<VariableType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static String known() {
        return String.join(", ", new java.util.TreeSet<>(BY_NAME.keySet()));
    }
}
