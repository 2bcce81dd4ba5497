package dev.provision.report;

import dev.provision.inventory.Role;
import dev.provision.json.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The same evidence as Markdown, to paste into a repository README as the seed's author did. */
public final class MarkdownReportWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "report.md";
    }

    @Override
    public String render(Evidence e) {
        var sb = new StringBuilder(16 * 1024);
        String verdict = e.passed() ? "PASSED" : "FAILED";
        sb.append("# Deployment evidence: ").append(verdict).append("\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "command", code(e.commandLine()));
        row(sb, "tool version", cell(e.toolVersion()));
        row(sb, "inventory", code(e.inventoryPath()));
        row(sb, "inventory SHA-256", code(e.inventorySha256()));
        row(sb, "started", cell(Format.instant(e.startedAt())));
        row(sb, "ended", cell(Format.instant(e.endedAt())) + " (" + cell(Format.duration(e.duration())) + ")");
        sb.append('\n');

        topology(sb, e.topology());

        sb.append("## Probes\n\n| # | probe | expected | actual | time | pass |\n|---|---|---|---|---|---|\n");
        int i = 1;
        for (ProbeResult p : e.probes()) {
            sb.append("| ").append(i++).append(" | ").append(cell(p.title())).append(" | ").append(cell(p.expected()))
                    .append(" | ").append(cell(p.actual())).append(" | ").append(cell(Format.duration(p.duration())))
                    .append(" | ").append(mark(p)).append(" |\n");
        }
        sb.append('\n');
        for (ProbeResult p : e.probes()) {
            if (p.error().isEmpty() && p.details().isEmpty()) continue;
            sb.append("### ").append(cell(p.title())).append(" (`").append(p.id()).append("`)\n\n");
            p.error().ifPresent(err -> sb.append(p.failed() ? "**Why it failed:** " : "*Note:* ")
                    .append(cell(err)).append("\n\n"));
            for (String d : p.details()) sb.append("- ").append(cell(d)).append('\n');
            if (!p.details().isEmpty()) sb.append('\n');
        }

        e.rotation().ifPresent(r -> rotation(sb, r));
        if (!e.services().isEmpty()) {
            sb.append("## Distribution per service\n\n| service | route | instance | answers | |\n|---|---|---|---|---|\n");
            for (ServiceRotation s : e.services()) {
                s.rotation().distribution().forEach((rep, n) -> sb.append("| ").append(cell(s.service())).append(" | ")
                        .append(code(s.route())).append(" | ").append(cell(rep)).append(" | ").append(n).append(" | ")
                        .append(n == s.rotation().perReplica() ? "" : "\u2717").append(" |\n"));
            }
            sb.append('\n');
        }
        e.delivery().ifPresent(d -> delivery(sb, "Publish/subscribe delivery", d));
        e.brokerRestart().ifPresent(d -> delivery(sb, "Broker restart during a burst", d));
        e.maintenance().ifPresent(t -> timeline(sb, "Dynamic membership: Consul maintenance mode", t));
        e.failover().ifPresent(t -> timeline(sb, "Failover under load", t));

        sb.append("## As captured\n\n### Consul members\n\n").append(block(e.captured().consulMembers(), ""));
        sb.append("### Consul catalog (passing instances)\n\n").append(block(Json.pretty(e.captured().consulCatalog()), "json"));
        sb.append("### HAProxy server states\n\n");
        List<Map<String, String>> rows = HaproxyStatsCsv.parse(e.captured().haproxyStats());
        if (rows.isEmpty()) {
            sb.append(block(e.captured().haproxyStats(), ""));
        } else {
            int unused = (int) rows.stream().filter(HaproxyStatsCsv::unusedSlot).count();
            rows = rows.stream().filter(r -> !HaproxyStatsCsv.unusedSlot(r)).toList();
            List<String> cols = HaproxyStatsCsv.shownColumns(rows);
            sb.append("| ").append(String.join(" | ", cols)).append(" |\n|")
                    .append("---|".repeat(cols.size())).append('\n');
            for (Map<String, String> r : rows) {
                sb.append("| ").append(cols.stream().map(c -> cell(r.getOrDefault(c, "")))
                        .collect(Collectors.joining(" | "))).append(" |\n");
            }
            if (unused > 0) sb.append("\n").append(unused).append(" unused server-template slots not listed.\n");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void topology(StringBuilder sb, Topology t) {
        sb.append("## Topology\n\n```mermaid\nflowchart LR\n  client([client]) -- \"HTTP :").append(t.lbPort())
                .append("\" --> ");
        List<TopologyHost> lbs = t.with(Role.LOAD_BALANCER);
        List<TopologyHost> reps = t.with(Role.SERVICE);
        List<TopologyHost> srvs = t.with(Role.CONSUL_SERVER);
        if (lbs.isEmpty()) sb.append("nolb[no balancer]\n");
        for (int i = 0; i < lbs.size(); i++) {
            if (i > 0) sb.append("  client --> ");
            sb.append(node(lbs.get(i), "HAProxy")).append('\n');
        }
        // Many replicas are one node (Density); the table below still lists each.
        boolean packed = Density.packed(reps.size());
        for (TopologyHost lb : lbs) {
            if (packed) {
                sb.append("  ").append(id(lb)).append(" -- \"round robin :").append(t.servicePort()).append("\" --> ")
                        .append(packedNode(reps, t.serviceName())).append('\n');
                continue;
            }
            for (TopologyHost r : reps) {
                sb.append("  ").append(id(lb)).append(" -- \"round robin :").append(t.servicePort()).append("\" --> ")
                        .append(node(r, "replica")).append('\n');
            }
        }
        for (TopologyHost s : srvs) {
            sb.append("  ").append(node(s, "Consul server")).append('\n');
            if (packed) sb.append("  ").append(PACKED_ID).append(" -. \"agents :8301\" .-> ").append(id(s)).append('\n');
            for (TopologyHost h : t.hosts()) {
                if (h != s && !h.has(Role.CONSUL_SERVER) && !(packed && h.has(Role.SERVICE))) {
                    sb.append("  ").append(id(h)).append(" -. \"agent :8301\" .-> ").append(id(s)).append('\n');
                }
            }
        }
        for (String b : t.brokers()) {
            var broker = t.hosts().stream().filter(h -> h.name().equals(b)).findFirst();
            if (broker.isEmpty() || packed) continue;
            for (TopologyHost r : reps) {
                sb.append("  ").append(id(r)).append(" -. \"events (NATS)\" .-> ").append(id(broker.get())).append('\n');
            }
        }
        sb.append("```\n\n");
        if (t.services().size() > 1) {
            sb.append("Gateway routes: ").append(cell(t.routes())).append(".\n\n");
        }
        sb.append("| host | roles | address | open ports |\n|---|---|---|---|\n");
        for (TopologyHost h : t.hosts()) {
            sb.append("| ").append(cell(h.name())).append(" | ")
                    .append(java.util.stream.Stream.concat(h.roles().stream().map(Role::group).sorted(),
                            h.extras().stream()).collect(Collectors.joining(", ")))
                    .append(" | ").append(cell(h.address())).append(" | ")
                    .append(h.ports().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" |\n");
        }
        sb.append('\n');
    }

    private static void delivery(StringBuilder sb, String heading, Delivery d) {
        sb.append("## ").append(heading).append("\n\n").append(cell(d.title())).append(" (batch ").append(code(d.batch()))
                .append("): ").append(d.published()).append(" accepted, ").append(d.publishFailed())
                .append(" not accepted; queue group: ").append(d.queueLost()).append(" lost, ").append(d.queueDuplicates())
                .append(" processed twice; fan-out: ").append(d.fanoutLost()).append(" deliveries missed.\n\n")
                .append("| replica | queue group | fan-out | fan-out missed |\n|---|---:|---:|---:|\n");
        for (Delivery.Row r : d.rows()) {
            sb.append("| ").append(cell(r.replica())).append(r.error().isEmpty() ? "" : " (" + cell(r.error()) + ")")
                    .append(" | ").append(r.queue()).append(" | ").append(r.fanout()).append(" / ").append(d.published())
                    .append(" | ").append(r.fanoutMissing()).append(" |\n");
        }
        sb.append("\n| publish \u2192 delivery | p50 | p99 | max | deliveries |\n|---|---:|---:|---:|---:|\n");
        for (var l : List.of(Map.entry("queue group", d.queueLatency()), Map.entry("fan-out", d.fanoutLatency()))) {
            sb.append("| ").append(l.getKey()).append(" | ").append(l.getValue().p50()).append(" ms | ")
                    .append(l.getValue().p99()).append(" ms | ").append(l.getValue().max()).append(" ms | ")
                    .append(l.getValue().samples()).append(" |\n");
        }
        sb.append('\n');
    }

    private static void rotation(StringBuilder sb, Rotation r) {
        sb.append("## Round robin\n\n").append(r.sequence().size())
                .append(" sequential requests through the balancer, each on a fresh connection; expected ")
                .append(r.perReplica()).append(" answers from each replica Consul lists as passing (")
                .append(cell(String.join(", ", r.passingInConsul()))).append(").\n\nSequence: ")
                .append(code(String.join(" ", r.sequence()))).append("\n\n| replica | answers | |\n|---|---|---|\n");
        r.distribution().forEach((rep, n) -> sb.append("| ").append(cell(rep)).append(" | ").append(n).append(" | ")
                .append("\u2588".repeat(Math.min(n, 60))).append(n == r.perReplica() ? "" : " \u2717").append(" |\n"));
        sb.append('\n');
        if (!r.settle().isEmpty()) {
            sb.append("Before measuring (once): ").append(r.settled() ? "settled" : "**not settled**").append(" after ")
                    .append(r.settle().size()).append(r.settle().size() == 1 ? " look" : " looks")
                    .append(" at Consul's and HAProxy's state.\n\n| look | at | Consul passing | HAProxy UP | settled |\n"
                            + "|---|---|---|---|---|\n");
            int i = 1;
            for (SettleAttempt a : r.settle()) {
                sb.append("| ").append(i++).append(" | ").append(Format.millis(a.atMs())).append(" | ")
                        .append(cell(String.join(", ", a.consulPassing()))).append(" | ")
                        .append(cell(String.join(", ", a.haproxyUp()))).append(" | ")
                        .append(a.settled() ? "yes" : cell("no: " + String.join("; ", a.problems()))).append(" |\n");
            }
            sb.append('\n');
        }
    }

    private static void timeline(StringBuilder sb, String heading, Timeline t) {
        sb.append("## ").append(heading).append("\n\n").append(cell(t.title())).append(", started ")
                .append(Format.instant(t.start())).append(".\n\n");
        sb.append("| figure | value |\n|---|---|\n");
        for (Timeline.Figure f : t.figures()) row(sb, cell(f.name()), "**" + cell(f.value()) + "**");
        long ok = t.samples().stream().filter(Timeline.Sample::ok).count();
        sb.append("\n| at | event |\n|---|---|\n");
        for (Timeline.Event ev : t.events()) row(sb, Format.millis(ev.atMs()), cell(ev.label()));
        if (!t.windows().isEmpty()) {
            sb.append("\n| window | from | to | length |\n|---|---|---|---|\n");
            for (Timeline.Window w : t.windows()) {
                sb.append("| ").append(cell(w.label())).append(" | ").append(Format.millis(w.fromMs())).append(" | ")
                        .append(Format.millis(w.toMs())).append(" | **").append(Format.millis(w.lengthMs())).append("** |\n");
            }
        }
        sb.append("\nRequests in this window: ").append(t.samples().size()).append(" sent, ").append(ok)
                .append(" answered, ").append(t.samples().size() - ok).append(" failed.\n");
        t.accounting().ifPresent(a -> sb.append("Every request scheduled, accounted for: ").append(cell(a.describe()))
                .append(a.balanced() ? "." : " \u2717 (does not add up).").append('\n'));
        sb.append('\n');
    }

    private static String mark(ProbeResult p) {
        return switch (p.status()) {
            case PASSED -> "\u2705 passed";
            case FAILED -> "\u274c **failed**";
            case SKIPPED -> "\u23ed skipped";
        };
    }

    private static String id(TopologyHost h) {
        return "h_" + h.name().replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String node(TopologyHost h, String what) {
        return id(h) + "[\"" + mermaid(h.name()) + "<br/>" + mermaid(h.address()) + "<br/>" + what + "\"]";
    }

    private static final String PACKED_ID = "replicas";

    /** One node for many replicas: their count, first and last name and address. */
    private static String packedNode(List<TopologyHost> reps, String service) {
        TopologyHost first = reps.get(0), last = reps.get(reps.size() - 1);
        return PACKED_ID + "[\"" + reps.size() + " replicas of " + mermaid(service) + "<br/>" + mermaid(first.name()) + " \u2026 "
                + mermaid(last.name()) + "<br/>" + mermaid(first.address()) + " \u2026 " + mermaid(last.address()) + "\"]";
    }

    private static String mermaid(String s) {
        return s.replaceAll("[\"<>`|]", "_");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    /** Text safe in a table cell: no pipes, no line breaks, no stray markup. */
    static String cell(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").replace("\r", "")
                .replace("\n", "<br>");
    }

    /** Inline code that survives backticks inside and works in a table cell. */
    static String code(String s) {
        String v = (s == null ? "" : s).replace("\r", "").replace("\n", " ").replace("|", "\\|");
        String fence = v.contains("``") ? "```" : v.contains("`") ? "``" : "`";
        String pad = v.startsWith("`") || v.endsWith("`") ? " " : "";
        return fence + pad + v + pad + fence;
    }

    private static String block(String s, String lang) {
        if (s == null || s.isBlank()) return "*(not captured)*\n\n";
        String fence = "```";
        while (s.contains(fence)) fence += "`";
        return fence + lang + "\n" + s.strip() + "\n" + fence + "\n\n";
    }
}
