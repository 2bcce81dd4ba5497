package dev.provision.ops;

import dev.provision.digest.Sha256;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.facts.Touched;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exactly these ports open in a firewalld zone, permanently: missing ones added, extra ones
 * removed. The zone's permanent configuration is written as its XML file and firewalld reloaded
 * if it runs. Writing the file (rather than calling firewall-cmd, a slow Python process) also
 * works before firewalld is installed, so the SSH port is open before firewalld first starts:
 * Debian starts it on install, and its stock zone opens port 22 only.
 *
 * <p>The zone must also be firewalld's default zone: an interface bound to no zone (every one,
 * without NetworkManager) takes the default zone, so with another default (say "trusted") the
 * managed zone would filter nothing. firewalld.conf is read with the other facts (no extra
 * round trip); before firewalld is installed it does not exist and the stock default
 * ("public") applies until the next run.
 *
 * <p>With {@code remove} ({@code state: absent}, what {@code down} does) these ports are taken
 * out of the zone instead and every other port stays. The SSH port (and 22) always stays:
 * a teardown must never cut the connection it runs over.
 *
 * @param ports "8300/tcp", "8301-8302/udp"; the SSH port is always added first
 */
public record FirewallOp(String zone, int sshPort, List<String> ports, boolean remove) implements Op {
    private static final Pattern PORT = Pattern.compile("<port\\s+([^>]*)/?>");
    static final String CONF = "/etc/firewalld/firewalld.conf";
    private static final Pattern DEFAULT_ZONE = Pattern.compile("(?m)^\\s*DefaultZone\\s*=\\s*(\\S*)\\s*$");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    public FirewallOp(String zone, int sshPort, List<String> ports) {
        this(zone, sshPort, ports, false);
    }

    public String zoneFile() {
        return "/etc/firewalld/zones/" + zone + ".xml";
    }

    /** The wanted ports, SSH first, without duplicates. */
    public Set<String> wantedPorts() {
        var all = new LinkedHashSet<String>();
        all.add(sshPort + "/tcp");
        all.addAll(ports);
        return all;
    }

    @Override
    public void request(FactRequest request) {
        request.file(zoneFile()).content(zoneFile()).content(CONF).unit("firewalld");
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        if (remove) return removalPlan(facts);
        Plan zonePlan = zonePlan(facts);
        Optional<String> dflt = facts.content(CONF).flatMap(FirewallOp::defaultZone);
        if (dflt.isEmpty() || dflt.get().equals(zone)) return zonePlan;
        var actions = new ArrayList<>(zonePlan.actions());
        var conf = new FactRequest().file(CONF).content(CONF);
        actions.add(facts.unit("firewalld").active()
                ? Action.Exec.touching(RemoteCommand.of("firewall-cmd", "--set-default-zone=" + zone).asRoot(), conf)
                : Action.Exec.touching(RemoteCommand.of("sed", "-i", "s/^[[:space:]]*DefaultZone[[:space:]]*=.*/DefaultZone="
                        + zone + "/", CONF).asRoot(), conf));
        String summary = (zonePlan.changes() ? zonePlan.summary() + ", " : "") + "default zone " + dflt.get() + " -> " + zone;
        Plan p = Plan.of(summary, actions);
        return zonePlan.fileChange().map(p::withFileChange).orElse(p);
    }

    /** The DefaultZone of a firewalld.conf, if it names one. */
    static Optional<String> defaultZone(String conf) {
        Matcher m = DEFAULT_ZONE.matcher(conf);
        return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Plan zonePlan(HostFacts facts) {
        String xml = zoneXml();
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        FileState f = facts.file(zoneFile());
        if (f.exists() && Sha256.of(bytes).equals(f.sha256())) {
            return AttrFix.plan(zoneFile(), f, FileAttrs.root("0644"));
        }
        Set<String> current = facts.content(zoneFile()).map(FirewallOp::parsePorts).orElse(Set.of());
        var diff = new ArrayList<String>();
        for (String p : wantedPorts()) if (!current.contains(p)) diff.add("+" + p);
        for (String p : current) if (!wantedPorts().contains(p)) diff.add("-" + p);
        var actions = new ArrayList<Action>();
        actions.add(Action.Upload.bytes(zoneFile(), bytes, FileAttrs.root("0644"), null));
        if (facts.unit("firewalld").active()) {
            actions.add(new Action.Exec(RemoteCommand.of("firewall-cmd", "--reload").asRoot(), Touched.NOTHING));
        }
        String summary = diff.isEmpty() ? "zone file rewritten" : String.join(" ", diff);
        return Plan.of(summary, actions).withFileChange(new Plan.FileChange(zoneFile(), xml));
    }

    /** The zone's ports but these (the SSH port kept), rewritten only when one of them is open. */
    private Plan removalPlan(HostFacts facts) {
        Optional<String> text = facts.content(zoneFile());
        if (text.isEmpty()) return Plan.ok();
        Set<String> current = parsePorts(text.get());
        Set<String> kept = new LinkedHashSet<>();
        kept.add(sshPort + "/tcp");
        var removed = new ArrayList<String>();
        for (String p : current) {
            boolean ssh = p.equals(sshPort + "/tcp") || p.equals("22/tcp");
            if (ports.contains(p) && !ssh) removed.add("-" + p);
            else kept.add(p);
        }
        if (removed.isEmpty()) return Plan.ok();
        String xml = zoneXml(kept);
        var actions = new ArrayList<Action>();
        actions.add(Action.Upload.bytes(zoneFile(), xml.getBytes(StandardCharsets.UTF_8), FileAttrs.root("0644"), null));
        if (facts.unit("firewalld").active()) {
            actions.add(new Action.Exec(RemoteCommand.of("firewall-cmd", "--reload").asRoot(), Touched.NOTHING));
        }
        return Plan.of(String.join(" ", removed), actions).withFileChange(new Plan.FileChange(zoneFile(), xml));
    }

    /** The zone's permanent configuration: only ports, no services. */
    public String zoneXml() {
        return zoneXml(wantedPorts());
    }

    private String zoneXml(Set<String> ports) {
        var sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n");
        sb.append("  <short>").append(zone).append("</short>\n");
        sb.append("  <description>Managed by provision: only the ports of this host's roles and SSH.</description>\n");
        for (String p : ports) {
            String[] pp = p.split("/");
            sb.append("  <port protocol=\"").append(pp[1]).append("\" port=\"").append(pp[0]).append("\"/>\n");
        }
        sb.append("</zone>\n");
        return sb.toString();
    }

    /** The ports of a zone XML file, as "port/protocol". */
    public static Set<String> parsePorts(String xml) {
        Set<String> ports = new TreeSet<>();
        Matcher m = PORT.matcher(xml);
        while (m.find()) {
            String port = null, proto = null;
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                if (a.group(1).equals("port")) port = a.group(2);
                if (a.group(1).equals("protocol")) proto = a.group(2);
            }
            if (port != null && proto != null) ports.add(port + "/" + proto);
        }
        return ports;
    }
}
