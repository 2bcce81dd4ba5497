package dev.provision.probes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * firewalld's runtime state on one host, as {@code firewall-cmd --get-default-zone} and
 * {@code firewall-cmd --list-all-zones} print it: what the kernel enforces now, not what a zone
 * file says.
 *
 * @param defaultZone the zone of every interface and source bound to no other zone
 * @param zones every zone by name, in firewalld's order
 */
public record FirewalldState(String defaultZone, Map<String, Zone> zones) {

    /**
     * One zone.
     *
     * @param active firewalld marks it active: an interface or a source is bound to it
     * @param target what happens to a packet no rule matched: "default"/"%%REJECT%%"/"DROP", or "ACCEPT"
     */
    public record Zone(String name, boolean active, String target, List<String> interfaces, List<String> sources,
            List<String> services, List<String> ports, List<String> protocols, List<String> sourcePorts,
            List<String> forwardPorts, List<String> richRules) {

        /** Lets every packet in whatever its port. */
        public boolean acceptsEverything() {
            return "ACCEPT".equalsIgnoreCase(target);
        }
    }

    /**
     * The zones whose rules apply to some traffic: every active one, and the default zone (it
     * takes every interface bound to no zone, whether firewalld calls it active or not).
     */
    public List<Zone> effectiveZones() {
        var out = new ArrayList<Zone>();
        Zone d = zones.get(defaultZone);
        if (d != null) out.add(d);
        for (Zone z : zones.values()) if (z.active() && !z.name().equals(defaultZone)) out.add(z);
        return out;
    }

    public Optional<Zone> zone(String name) {
        return Optional.ofNullable(zones.get(name));
    }

    /**
     * Parses the two outputs. A zone starts at an unindented line, "public (default, active)";
     * its fields follow indented, "  ports: 22/tcp 8080/tcp"; rich rules (and, in firewalld 1.x,
     * forward ports) take a line each under their field's name.
     */
    public static FirewalldState parse(String defaultZone, String listAllZones) {
        var zones = new LinkedHashMap<String, Zone>();
        String name = null;
        boolean active = false;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : listAllZones.split("\\R")) {
            if (line.isBlank()) continue;
            if (!Character.isWhitespace(line.charAt(0))) {
                if (name != null) zones.put(name, zone(name, active, fields));
                String head = line.strip();
                int paren = head.indexOf(" (");
                name = paren < 0 ? head : head.substring(0, paren);
                active = paren >= 0 && head.substring(paren).contains("active");
                fields = new LinkedHashMap<>();
                last = null;
                continue;
            }
            String body = line.strip();
            int colon = body.indexOf(':');
            if (colon > 0 && body.substring(0, colon).matches("[a-z][a-z -]*")) {
                last = body.substring(0, colon);
                String value = body.substring(colon + 1).strip();
                var entries = new ArrayList<String>();
                if (!value.isEmpty()) {
                    if (last.equals("rich rules")) entries.add(value);
                    else entries.addAll(Arrays.asList(value.split("\\s+")));
                }
                fields.put(last, entries);
            } else if (last != null) {
                // A continuation line: one more rich rule or forward port of the field above.
                fields.get(last).add(body);
            }
        }
        if (name != null) zones.put(name, zone(name, active, fields));
        return new FirewalldState(defaultZone.strip(), zones);
    }

    private static Zone zone(String name, boolean active, Map<String, List<String>> f) {
        List<String> target = f.getOrDefault("target", List.of());
        return new Zone(name, active, target.isEmpty() ? "default" : target.get(0), words(f, "interfaces"),
                words(f, "sources"), words(f, "services"), words(f, "ports"), words(f, "protocols"),
                words(f, "source-ports"), words(f, "forward-ports"), words(f, "rich rules"));
    }

    private static List<String> words(Map<String, List<String>> f, String key) {
        return List.copyOf(f.getOrDefault(key, List.of()));
    }
}
