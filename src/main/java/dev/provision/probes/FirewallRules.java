package dev.provision.probes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict on firewalld's runtime state: the default zone is the managed one, and every zone
 * that applies to some traffic opens nothing besides the host's role ports (no ACCEPT target,
 * no extra port or service, no protocol, rich rule or forward port); the managed zone opens
 * all of them.
 */
final class FirewallRules {
    private FirewallRules() {}

    /**
     * @param zone the zone the playbooks manage (firewall_zone)
     * @param wanted the host's role ports and SSH, "port/proto"
     * @param servicePorts each service of the effective zones -> its ports
     * @param opened receives each port open besides the wanted ones (for the controller to try)
     * @return the problems, each a sentence with expected vs actual; empty when it holds
     */
    static List<String> judge(FirewalldState state, String zone, Set<String> wanted,
            Map<String, List<String>> servicePorts, Set<String> opened) {
        var problems = new ArrayList<String>();
        if (!state.defaultZone().equals(zone)) {
            problems.add("default zone is " + state.defaultZone() + ", expected " + zone);
        }
        for (var z : state.effectiveZones()) {
            String label = label(state, z);
            if (z.acceptsEverything()) {
                problems.add(label + " accepts every port (target ACCEPT), expected only " + String.join(" ", wanted));
                opened.add("every port");
            }
            var extra = new ArrayList<String>();
            for (var e : opens(z, servicePorts).entrySet()) {
                if (wanted.contains(e.getKey())) continue;
                extra.add(e.getKey() + e.getValue());
                opened.add(e.getKey());
            }
            if (!extra.isEmpty()) problems.add(label + " opens " + String.join(" ", extra) + " besides the role's ports");
            if (!z.protocols().isEmpty()) {
                problems.add(label + " accepts whole protocols: " + String.join(" ", z.protocols()));
                opened.addAll(z.protocols());
            }
            if (!z.sourcePorts().isEmpty()) {
                problems.add(label + " accepts by source port: " + String.join(" ", z.sourcePorts()));
                opened.addAll(z.sourcePorts());
            }
            if (!z.forwardPorts().isEmpty()) {
                problems.add(label + " forwards ports: " + String.join(" ", z.forwardPorts()) + ", expected none");
                opened.addAll(z.forwardPorts());
            }
            if (!z.richRules().isEmpty()) {
                problems.add(label + " has rich rules, expected none: " + String.join(" | ", z.richRules()));
                opened.addAll(z.richRules().stream().map(r -> "rich rule").distinct().toList());
            }
        }
        var managed = state.zone(zone);
        if (managed.isEmpty()) {
            problems.add("zone " + zone + " does not exist, expected it to open " + String.join(" ", wanted));
        } else {
            var missing = new LinkedHashSet<>(wanted);
            missing.removeAll(opens(managed.get(), servicePorts).keySet());
            if (!missing.isEmpty()) {
                problems.add("zone " + zone + " does not open " + String.join(" ", missing) + ", expected "
                        + String.join(" ", wanted));
            }
        }
        return problems;
    }

    /** Port -> where it comes from ("" for a port, " (service ssh)" for a service's). */
    private static Map<String, String> opens(FirewalldState.Zone z, Map<String, List<String>> servicePorts) {
        var out = new LinkedHashMap<String, String>();
        for (String p : z.ports()) out.putIfAbsent(p, "");
        for (String s : z.services()) {
            List<String> ports = servicePorts.get(s);
            if (ports == null) {
                out.putIfAbsent("service " + s, " (ports unknown)");
                continue;
            }
            for (String p : ports) out.putIfAbsent(p, " (service " + s + ")");
        }
        return out;
    }

    /** "zone trusted (default)", "zone public (interfaces eth0)". */
    static String label(FirewalldState state, FirewalldState.Zone z) {
        var what = new ArrayList<String>();
        if (z.name().equals(state.defaultZone())) what.add("default");
        if (!z.interfaces().isEmpty()) what.add("interfaces " + String.join(" ", z.interfaces()));
        if (!z.sources().isEmpty()) what.add("sources " + String.join(" ", z.sources()));
        return "zone " + z.name() + (what.isEmpty() ? "" : " (" + String.join(", ", what) + ")");
    }

    /** One zone as the report shows it. */
    static String describe(FirewalldState state, FirewalldState.Zone z, Map<String, List<String>> servicePorts) {
        var sb = new StringBuilder(label(state, z)).append(": target ").append(z.target()).append(", opens ");
        var opens = opens(z, servicePorts);
        sb.append(opens.isEmpty() ? "nothing" : String.join(" ", opens.entrySet().stream()
                .map(e -> e.getKey() + e.getValue()).toList()));
        if (!z.richRules().isEmpty()) sb.append(", rich rules: ").append(String.join(" | ", z.richRules()));
        if (!z.forwardPorts().isEmpty()) sb.append(", forward ports: ").append(String.join(" ", z.forwardPorts()));
        return sb.toString();
    }

    /**
     * Parses "service NAME" marker lines each followed by {@code firewall-cmd --info-service}'s
     * output ("NAME", "  ports: 22/tcp", ...) into NAME -> ports.
     */
    static Map<String, List<String>> parseServices(String text) {
        var out = new LinkedHashMap<String, List<String>>();
        String current = null;
        for (String line : text.split("\\R")) {
            if (line.startsWith("service ")) {
                current = line.substring("service ".length()).strip();
                out.put(current, new ArrayList<>());
            } else if (current != null) {
                String body = line.strip();
                if (body.startsWith("ports:")) {
                    String v = body.substring("ports:".length()).strip();
                    if (!v.isEmpty()) out.get(current).addAll(List.of(v.split("\\s+")));
                }
            }
        }
        return out;
    }
}
