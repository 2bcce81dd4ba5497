package dev.provision.report;

import static dev.provision.report.Xml.esc;

import dev.provision.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The report a person reads: one self-contained XHTML5 file (inline CSS and SVG, nothing
 * fetched), so it opens offline and can be archived as a CI artifact. Being well-formed XML
 * lets the tests parse it.
 */
public final class HtmlReportWriter implements ReportWriter {
    private static final String CSS = """
            :root { --ok: #16a34a; --fail: #dc2626; --skip: #64748b; --ink: #0f172a; --soft: #475569; --line: #e2e8f0; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #f8fafc; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 60px; }
            header { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
            h1 { font-size: 26px; margin: 8px 0; }
            h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h3 { font-size: 16px; margin: 0 0 8px; display: flex; gap: 10px; align-items: center; }
            .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; font-size: 13px; text-transform: uppercase; letter-spacing: .03em; }
            .badge.passed { background: var(--ok); } .badge.failed { background: var(--fail); } .badge.skipped { background: var(--skip); }
            .big { font-size: 16px; padding: 4px 16px; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 12px 0; }
            .card.failed { border-left: 5px solid var(--fail); } .card.passed { border-left: 5px solid var(--ok); } .card.skipped { border-left: 5px solid var(--skip); }
            table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th, td { text-align: left; vertical-align: top; padding: 5px 10px; border-bottom: 1px solid var(--line); white-space: pre-wrap; }
            table.narrow { width: auto; min-width: 360px; margin-top: 8px; }
            th { color: var(--soft); font-weight: 600; white-space: nowrap; }
            table.kv th { width: 170px; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
            pre { background: #0f172a; color: #e2e8f0; padding: 12px 14px; border-radius: 8px; overflow-x: auto; white-space: pre; }
            .error { color: var(--fail); font-weight: 600; }
            ul.details { margin: 8px 0 0; padding-left: 20px; color: var(--soft); font-size: 13px; }
            ol.seq { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; padding: 0; margin: 8px 0; }
            ol.seq li { padding: 1px 7px; border-radius: 5px; color: #fff; font: 12px/1.6 ui-monospace, "DejaVu Sans Mono", monospace; }
            svg { width: 100%; height: auto; display: block; }
            svg text { font-family: system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
            svg .hd { font-size: 13px; font-weight: 600; fill: var(--soft); }
            svg .nm { font-size: 14px; font-weight: 700; }
            svg .sm { font-size: 12px; }
            svg .lbl { font-size: 12px; fill: var(--soft); }
            svg .bd { font-size: 12px; font-weight: 600; fill: #15803d; }
            svg .bd.bad { fill: var(--fail); }
            svg .ev { font-size: 11px; fill: #b45309; }
            .muted { color: var(--soft); }
            footer { margin-top: 40px; color: var(--soft); font-size: 13px; }
            """;

    @Override
    public String fileName() {
        return "report.html";
    }

    @Override
    public String render(Evidence e) {
        var sb = new StringBuilder(64 * 1024);
        String verdict = e.passed() ? "passed" : "failed";
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>provision verify: ").append(verdict).append(" \u2014 ")
                .append(esc(Format.instant(e.startedAt()))).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");

        sb.append("<header><h1>Deployment evidence</h1><span class=\"badge big ").append(verdict).append("\">")
                .append(verdict).append("</span></header>\n");
        long failed = e.probes().stream().filter(ProbeResult::failed).count();
        long passed = e.probes().stream().filter(ProbeResult::passed).count();
        long skipped = e.probes().size() - failed - passed;
        sb.append("<p class=\"muted\">").append(passed).append(" passed, ").append(failed).append(" failed, ")
                .append(skipped).append(" skipped \u00b7 measured ").append(esc(Format.instant(e.startedAt())))
                .append(" in ").append(esc(Format.duration(e.duration()))).append("</p>\n");

        sb.append("<table class=\"kv card\">\n");
        kv(sb, "command", "<code>" + esc(e.commandLine()) + "</code>");
        kv(sb, "tool version", esc(e.toolVersion()));
        kv(sb, "inventory", "<code>" + esc(e.inventoryPath()) + "</code>");
        kv(sb, "inventory SHA-256", "<code>" + esc(e.inventorySha256()) + "</code>");
        kv(sb, "started", esc(Format.instant(e.startedAt())));
        kv(sb, "ended", esc(Format.instant(e.endedAt())));
        sb.append("</table>\n");

        sb.append("<h2 id=\"topology\">Topology</h2>\n<div class=\"card\">\n")
                .append(TopologySvg.render(e.topology(), e.rotation())).append("</div>\n");

        probes(sb, e);
        rotation(sb, e);
        services(sb, e);
        delivery(sb, "delivery", "Publish/subscribe delivery", e.delivery().orElse(null));
        delivery(sb, "broker-restart", "Broker restart during a burst", e.brokerRestart().orElse(null));
        timeline(sb, "maintenance", "Dynamic membership: Consul maintenance mode", e.maintenance().orElse(null), e);
        timeline(sb, "failover", "Failover under load", e.failover().orElse(null), e);
        captured(sb, e.captured());

        sb.append("<footer>Produced by <code>").append(esc(e.commandLine())).append("</code> (provision ")
                .append(esc(e.toolVersion())).append(").</footer>\n");
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void probes(StringBuilder sb, Evidence e) {
        sb.append("<h2 id=\"probes\">Probes</h2>\n");
        sb.append("<table class=\"card\">\n<thead><tr><th>#</th><th>probe</th><th>result</th><th>time</th></tr></thead>\n<tbody>\n");
        int i = 1;
        for (ProbeResult p : e.probes()) {
            sb.append("<tr><td>").append(i++).append("</td><td><a href=\"#probe-").append(esc(p.id())).append("\">")
                    .append(esc(p.title())).append("</a></td><td><span class=\"badge ").append(p.status().label())
                    .append("\">").append(p.status().label()).append("</span></td><td class=\"num\">")
                    .append(esc(Format.duration(p.duration()))).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        for (ProbeResult p : e.probes()) {
            sb.append("<section class=\"card ").append(p.status().label()).append("\" id=\"probe-").append(esc(p.id()))
                    .append("\">\n<h3>").append(esc(p.title())).append(" <span class=\"badge ")
                    .append(p.status().label()).append("\">").append(p.status().label()).append("</span></h3>\n");
            sb.append("<table class=\"kv\">\n");
            kv(sb, "probe", "<code>" + esc(p.id()) + "</code>");
            kv(sb, "expected", esc(p.expected()));
            kv(sb, "actual", esc(p.actual()));
            kv(sb, "time", esc(Format.duration(p.duration())));
            kv(sb, "pass", p.status().label());
            p.error().ifPresent(err -> kv(sb, p.failed() ? "why it failed" : "note",
                    "<span class=\"" + (p.failed() ? "error" : "muted") + "\">" + esc(err) + "</span>"));
            sb.append("</table>\n");
            if (!p.details().isEmpty()) {
                sb.append("<ul class=\"details\">\n");
                for (String d : p.details()) sb.append("<li>").append(esc(d)).append("</li>\n");
                sb.append("</ul>\n");
            }
            sb.append("</section>\n");
        }
    }

    /** A distribution per declared service, from the routing probe; nothing when it did not run. */
    private static void services(StringBuilder sb, Evidence e) {
        if (e.services().isEmpty()) return;
        sb.append("<h2 id=\"routing\">Distribution per service</h2>\n");
        for (ServiceRotation s : e.services()) {
            Rotation r = s.rotation();
            sb.append("<div class=\"card\">\n<h3>").append(esc(s.service())).append(" <code>").append(esc(s.route()))
                    .append("</code></h3>\n<p class=\"muted\">").append(r.sequence().size())
                    .append(" requests through the gateway, each on a fresh connection; expected ").append(r.perReplica())
                    .append(" answers from each instance Consul lists as passing (")
                    .append(esc(String.join(", ", r.passingInConsul()))).append(").</p>\n")
                    .append(DistributionSvg.render(r)).append("</div>\n");
        }
    }

    /** The delivery table: per subscriber replica, queue-group and fan-out counts; the latency. */
    private static void delivery(StringBuilder sb, String id, String heading, Delivery d) {
        if (d == null) return;
        sb.append("<h2 id=\"").append(id).append("\">").append(esc(heading)).append("</h2>\n<div class=\"card\">\n")
                .append("<p>").append(esc(d.title())).append(" (batch <code>").append(esc(d.batch())).append("</code>): ")
                .append(d.published()).append(" accepted, ").append(d.publishFailed()).append(" not accepted; queue group: ")
                .append(d.queueLost()).append(" lost, ").append(d.queueDuplicates()).append(" processed twice; fan-out: ")
                .append(d.fanoutLost()).append(" deliveries missed.</p>\n");
        sb.append("<table class=\"narrow\">\n<thead><tr><th>replica</th><th>queue group</th><th>fan-out</th>")
                .append("<th>fan-out missed</th></tr></thead>\n<tbody>\n");
        for (Delivery.Row r : d.rows()) {
            sb.append("<tr><td>").append(esc(r.replica())).append(r.error().isEmpty() ? ""
                    : " <span class=\"error\">" + esc(r.error()) + "</span>").append("</td><td class=\"num\">")
                    .append(r.queue()).append("</td><td class=\"num\">").append(r.fanout()).append(" / ")
                    .append(d.published()).append("</td><td class=\"num\">").append(r.fanoutMissing()).append("</td></tr>\n");
        }
        int queue = d.rows().stream().mapToInt(Delivery.Row::queue).sum();
        sb.append("<tr><th>total</th><td class=\"num\">").append(queue).append(" / ").append(d.published())
                .append("</td><td></td><td class=\"num\">").append(d.fanoutLost()).append("</td></tr>\n</tbody>\n</table>\n");
        sb.append("<table class=\"narrow\">\n<thead><tr><th>publish \u2192 delivery</th><th>p50</th><th>p99</th><th>max</th>")
                .append("<th>deliveries</th></tr></thead>\n<tbody>\n");
        latency(sb, "queue group", d.queueLatency());
        latency(sb, "fan-out", d.fanoutLatency());
        sb.append("</tbody>\n</table>\n</div>\n");
    }

    private static void latency(StringBuilder sb, String what, Delivery.Latency l) {
        sb.append("<tr><td>").append(what).append("</td><td class=\"num\">").append(l.p50()).append(" ms</td><td class=\"num\">")
                .append(l.p99()).append(" ms</td><td class=\"num\">").append(l.max()).append(" ms</td><td class=\"num\">")
                .append(l.samples()).append("</td></tr>\n");
    }

    private static void rotation(StringBuilder sb, Evidence e) {
        sb.append("<h2 id=\"round-robin\">Round robin</h2>\n");
        if (e.rotation().isEmpty()) {
            sb.append("<p class=\"muted\">The round-robin probe did not run.</p>\n");
            return;
        }
        Rotation r = e.rotation().get();
        List<String> order = Palette.order(r.distribution());
        sb.append("<div class=\"card\">\n<p>").append(r.sequence().size()).append(" sequential requests to the balancer, ")
                .append("each on a fresh connection; the replica that answered each, in order (expected: ")
                .append(r.perReplica()).append(" per replica Consul lists as passing: ")
                .append(esc(String.join(", ", r.passingInConsul()))).append(").</p>\n<ol class=\"seq\">\n");
        int i = 1;
        for (String s : r.sequence()) {
            sb.append("<li style=\"background:").append(Palette.replica(s, order)).append("\" title=\"request ")
                    .append(i++).append("\">").append(esc(s)).append("</li>\n");
        }
        sb.append("</ol>\n<h3>Answers per replica</h3>\n").append(DistributionSvg.render(r));
        if (!r.settle().isEmpty()) {
            sb.append("<h3>Before measuring (once): ").append(r.settled() ? "settled" : "not settled").append(" after ")
                    .append(r.settle().size()).append(r.settle().size() == 1 ? " look" : " looks")
                    .append("</h3>\n<table class=\"narrow\">\n<thead><tr><th>look</th><th>at</th><th>Consul passing</th>"
                            + "<th>HAProxy UP</th><th>settled</th></tr></thead>\n<tbody>\n");
            int n = 1;
            for (SettleAttempt a : r.settle()) {
                sb.append("<tr><td class=\"num\">").append(n++).append("</td><td class=\"num\">")
                        .append(esc(Format.millis(a.atMs()))).append("</td><td>").append(esc(String.join(", ", a.consulPassing())))
                        .append("</td><td>").append(esc(String.join(", ", a.haproxyUp()))).append("</td><td>")
                        .append(a.settled() ? "yes" : "<span class=\"error\">no: " + esc(String.join("; ", a.problems()))
                                + "</span>").append("</td></tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        sb.append("</div>\n");
    }

    private static void timeline(StringBuilder sb, String id, String heading, Timeline t, Evidence e) {
        sb.append("<h2 id=\"").append(id).append("\">").append(esc(heading)).append("</h2>\n");
        if (t == null) {
            sb.append("<p class=\"muted\">Not measured in this run.</p>\n");
            return;
        }
        sb.append("<div class=\"card\">\n<p>").append(esc(t.title())).append(" \u00b7 started ")
                .append(esc(Format.instant(t.start()))).append("</p>\n");
        sb.append(TimelineSvg.render(t, Palette.order(e.distribution().isEmpty() ? replicasOf(e) : e.distribution())));
        sb.append("<table class=\"kv narrow\">\n");
        for (Timeline.Figure f : t.figures()) kv(sb, f.name(), "<strong>" + esc(f.value()) + "</strong>");
        for (Timeline.Window w : t.windows()) {
            kv(sb, w.label(), "<strong>" + esc(Format.millis(w.lengthMs())) + "</strong> (" + esc(Format.millis(w.fromMs()))
                    + " to " + esc(Format.millis(w.toMs())) + ")");
        }
        t.accounting().ifPresent(a -> kv(sb, "every request scheduled", (a.balanced() ? "" : "<span class=\"error\">")
                + esc(a.describe()) + (a.balanced() ? "" : " (does not add up)</span>")));
        sb.append("</table>\n<table class=\"narrow\">\n<thead><tr><th>at</th><th>event</th></tr></thead>\n<tbody>\n");
        for (Timeline.Event ev : t.events()) {
            sb.append("<tr><td class=\"num\">").append(esc(Format.millis(ev.atMs()))).append("</td><td>")
                    .append(esc(ev.label())).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</div>\n");
    }

    private static Map<String, Integer> replicasOf(Evidence e) {
        var m = new java.util.LinkedHashMap<String, Integer>();
        e.topology().with(dev.provision.inventory.Role.SERVICE).forEach(h -> m.put(h.name(), 0));
        return m;
    }

    private static void captured(StringBuilder sb, Captured c) {
        sb.append("<h2 id=\"captured\">As captured</h2>\n");
        sb.append("<h3>Consul members</h3>\n").append(pre(c.consulMembers()));
        sb.append("<h3>Consul catalog (passing instances)</h3>\n").append(pre(Json.pretty(c.consulCatalog())));
        sb.append("<h3>HAProxy server states</h3>\n");
        List<Map<String, String>> rows = HaproxyStatsCsv.parse(c.haproxyStats());
        if (rows.isEmpty()) {
            sb.append(pre(c.haproxyStats()));
            return;
        }
        int unused = (int) rows.stream().filter(HaproxyStatsCsv::unusedSlot).count();
        rows = rows.stream().filter(r -> !HaproxyStatsCsv.unusedSlot(r)).toList();
        List<String> cols = HaproxyStatsCsv.shownColumns(rows);
        sb.append("<table class=\"card\">\n<thead><tr>");
        for (String col : cols) sb.append("<th>").append(esc(col)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (var row : rows) {
            sb.append("<tr>");
            for (String col : cols) {
                String v = row.getOrDefault(col, "");
                String style = !"status".equals(col) ? ""
                        : v.startsWith("UP") || "OPEN".equals(v) ? " style=\"color:#16a34a;font-weight:600\""
                        : v.startsWith("DOWN") ? " style=\"color:#dc2626;font-weight:600\"" : "";
                sb.append("<td").append(style).append('>').append(esc(v)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        if (unused > 0) {
            sb.append("<p class=\"muted\">").append(unused)
                    .append(" unused server-template slots (MAINT (resolution), never used) not listed.</p>\n");
        }
        sb.append("<details><summary class=\"muted\">raw CSV</summary>\n")
                .append(pre(c.haproxyStats())).append("</details>\n");
    }

    private static String pre(String s) {
        if (s == null || s.isBlank()) return "<p class=\"muted\">(not captured)</p>\n";
        return "<pre>" + esc(s.strip()) + "</pre>\n";
    }

    private static void kv(StringBuilder sb, String k, String htmlValue) {
        sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(htmlValue).append("</td></tr>\n");
    }
}
