package dev.provision.report;

import static dev.provision.json.Json.quote;

import dev.provision.json.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Machine-readable evidence: top-level {@code passed}, a {@code probes} array ({@code id},
 * {@code passed}, {@code status}, {@code expected}, {@code actual}, {@code durationMs}...) and
 * {@code distribution} (replica -> answers), plus the rest of the evidence.
 */
public final class JsonReportWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public String render(Evidence e) {
        var sb = new StringBuilder(8 * 1024);
        sb.append("{\n");
        field(sb, 1, "passed", String.valueOf(e.passed()), true);
        field(sb, 1, "toolVersion", quote(e.toolVersion()), true);
        field(sb, 1, "command", quote(e.commandLine()), true);
        field(sb, 1, "inventory", "{\"path\": " + quote(e.inventoryPath()) + ", \"sha256\": "
                + quote(e.inventorySha256()) + "}", true);
        field(sb, 1, "startedAt", quote(e.startedAt().toString()), true);
        field(sb, 1, "endedAt", quote(e.endedAt().toString()), true);
        field(sb, 1, "durationMs", String.valueOf(e.duration().toMillis()), true);
        field(sb, 1, "requiredProbes", strings(e.requiredProbes()), true);
        field(sb, 1, "skippedProbes", skipped(e), true);
        field(sb, 1, "requiredNotRun", strings(e.missingRequired()), true);

        sb.append("  \"probes\": [");
        for (int i = 0; i < e.probes().size(); i++) {
            ProbeResult p = e.probes().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {");
            sb.append("\"id\": ").append(quote(p.id()));
            sb.append(", \"title\": ").append(quote(p.title()));
            sb.append(", \"passed\": ").append(p.passed());
            sb.append(", \"status\": ").append(quote(p.status().label()));
            sb.append(", \"expected\": ").append(quote(p.expected()));
            sb.append(", \"actual\": ").append(quote(p.actual()));
            sb.append(", \"durationMs\": ").append(p.duration().toMillis());
            sb.append(", \"error\": ").append(p.error().map(Json::quote).orElse("null"));
            sb.append(", \"details\": ").append(strings(p.details()));
            sb.append('}');
        }
        sb.append(e.probes().isEmpty() ? "],\n" : "\n  ],\n");

        sb.append("  \"distribution\": ").append(counts(e.distribution())).append(",\n");
        // Per declared service, from the routing probe; the top-level distribution stays the web round robin's.
        sb.append("  \"services\": {");
        for (int i = 0; i < e.services().size(); i++) {
            ServiceRotation s = e.services().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    ").append(quote(s.service())).append(": {\"route\": ")
                    .append(quote(s.route())).append(", \"perReplica\": ").append(s.rotation().perReplica())
                    .append(", \"passingInConsul\": ").append(strings(s.rotation().passingInConsul()))
                    .append(", \"distribution\": ").append(counts(e.distributionByService().get(s.service())))
                    .append(", \"requestsFailed\": ").append(s.rotation().failedRequests())
                    .append(", \"sequence\": ").append(strings(s.rotation().sequence())).append('}');
        }
        sb.append(e.services().isEmpty() ? "},\n" : "\n  },\n");
        sb.append("  \"delivery\": ").append(e.delivery().map(JsonReportWriter::delivery).orElse("null")).append(",\n");
        sb.append("  \"brokerRestart\": ").append(e.brokerRestart().map(JsonReportWriter::delivery).orElse("null"))
                .append(",\n");
        sb.append("  \"rotation\": ").append(e.rotation().map(r -> "{\"perReplica\": " + r.perReplica()
                + ", \"requestsFailed\": " + r.failedRequests()
                + ", \"passingInConsul\": " + strings(r.passingInConsul()) + ", \"sequence\": "
                + strings(r.sequence()) + ", \"settled\": " + r.settled() + ", \"settle\": " + settle(r.settle()) + "}")
                .orElse("null")).append(",\n");
        sb.append("  \"maintenance\": ").append(e.maintenance().map(JsonReportWriter::timeline).orElse("null"))
                .append(",\n");
        sb.append("  \"failover\": ").append(e.failover().map(JsonReportWriter::timeline).orElse("null"))
                .append(",\n");

        Topology t = e.topology();
        sb.append("  \"topology\": {\"service\": ").append(quote(t.serviceName())).append(", \"servicePort\": ")
                .append(t.servicePort()).append(", \"lbPort\": ").append(t.lbPort()).append(", \"statsPort\": ")
                .append(t.statsPort()).append(", \"services\": [");
        for (int i = 0; i < t.services().size(); i++) {
            Topology.Service s = t.services().get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"name\": ").append(quote(s.name())).append(", \"route\": ")
                    .append(quote(s.route())).append(", \"port\": ").append(s.port()).append(", \"group\": ")
                    .append(quote(s.group())).append('}');
        }
        sb.append("], \"brokers\": ").append(strings(t.brokers())).append(", \"hosts\": [");
        for (int i = 0; i < t.hosts().size(); i++) {
            TopologyHost h = t.hosts().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(quote(h.name()))
                    .append(", \"address\": ").append(quote(h.address())).append(", \"roles\": ")
                    .append(strings(h.roles().stream().map(r -> r.group()).sorted().toList()))
                    .append(", \"ports\": ").append(h.ports()).append(", \"runs\": ").append(strings(h.extras())).append('}');
        }
        sb.append(t.hosts().isEmpty() ? "]},\n" : "\n  ]},\n");
        sb.append("  \"captured\": {\"consulMembers\": ").append(quote(e.captured().consulMembers()))
                .append(", \"consulCatalog\": ").append(quote(e.captured().consulCatalog()))
                .append(", \"haproxyStats\": ").append(quote(e.captured().haproxyStats())).append("}\n");
        sb.append("}\n");
        return sb.toString();
    }

    private static String timeline(Timeline t) {
        var sb = new StringBuilder();
        sb.append("{\"title\": ").append(quote(t.title())).append(", \"start\": ").append(quote(t.start().toString()));
        // Each figure as a number where it is one (durations in ms), with its text as shown.
        sb.append(", \"figures\": [");
        for (int i = 0; i < t.figures().size(); i++) {
            Timeline.Figure f = t.figures().get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"name\": ").append(quote(f.name())).append(", \"value\": ")
                    .append(f.number().map(JsonReportWriter::number).orElse("null")).append(", \"unit\": ")
                    .append(quote(f.unit())).append(", \"text\": ").append(quote(f.value())).append('}');
        }
        sb.append("], \"events\": [");
        for (int i = 0; i < t.events().size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"atMs\": ").append(t.events().get(i).atMs()).append(", \"label\": ")
                    .append(quote(t.events().get(i).label())).append('}');
        }
        long failed = t.samples().stream().filter(s -> !s.ok()).count();
        sb.append("], \"windows\": [");
        for (int i = 0; i < t.windows().size(); i++) {
            Timeline.Window w = t.windows().get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"label\": ").append(quote(w.label())).append(", \"fromMs\": ").append(w.fromMs())
                    .append(", \"toMs\": ").append(w.toMs()).append(", \"ms\": ").append(w.lengthMs()).append('}');
        }
        sb.append("], \"accounting\": ").append(t.accounting().map(a -> "{\"scheduled\": " + a.scheduled()
                + ", \"expected\": " + (a.expected() < 0 ? "null" : String.valueOf(a.expected())) + ", \"answered\": "
                + a.answered() + ", \"failed\": " + a.failed() + ", \"unfinished\": " + a.unfinished()
                + ", \"balanced\": " + a.balanced() + "}").orElse("null"));
        sb.append(", \"requestsSent\": ").append(t.samples().size()).append(", \"requestsFailed\": ").append(failed);
        sb.append(", \"samples\": [");
        for (int i = 0; i < t.samples().size(); i++) {
            Timeline.Sample s = t.samples().get(i);
            if (i > 0) sb.append(", ");
            sb.append("[").append(s.atMs()).append(", ").append(quote(s.replica())).append(", ").append(s.ok())
                    .append("]");
        }
        return sb.append("]}").toString();
    }

    private static String delivery(Delivery d) {
        var sb = new StringBuilder();
        sb.append("{\"title\": ").append(quote(d.title())).append(", \"batch\": ").append(quote(d.batch()))
                .append(", \"published\": ").append(d.published()).append(", \"publishFailed\": ").append(d.publishFailed())
                .append(", \"queueLost\": ").append(d.queueLost()).append(", \"queueDuplicates\": ")
                .append(d.queueDuplicates()).append(", \"fanoutLost\": ").append(d.fanoutLost())
                .append(", \"latencyMs\": {\"queue\": ").append(latency(d.queueLatency())).append(", \"fanout\": ")
                .append(latency(d.fanoutLatency())).append("}, \"replicas\": [");
        for (int i = 0; i < d.rows().size(); i++) {
            Delivery.Row r = d.rows().get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"replica\": ").append(quote(r.replica())).append(", \"queue\": ")
                    .append(r.queue()).append(", \"fanout\": ").append(r.fanout()).append(", \"fanoutMissing\": ")
                    .append(r.fanoutMissing()).append(", \"error\": ").append(r.error().isEmpty() ? "null" : quote(r.error()))
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    private static String latency(Delivery.Latency l) {
        return "{\"p50\": " + l.p50() + ", \"p99\": " + l.p99() + ", \"max\": " + l.max() + ", \"samples\": "
                + l.samples() + "}";
    }

    private static String settle(List<SettleAttempt> attempts) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < attempts.size(); i++) {
            SettleAttempt a = attempts.get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"atMs\": ").append(a.atMs()).append(", \"settled\": ").append(a.settled())
                    .append(", \"consulPassing\": ").append(strings(a.consulPassing())).append(", \"haproxyUp\": ")
                    .append(strings(a.haproxyUp())).append(", \"problems\": ").append(strings(a.problems())).append('}');
        }
        return sb.append(']').toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** [{"id": ..., "reason": ...}] for every probe that did not run. */
    private static String skipped(Evidence e) {
        var sb = new StringBuilder("[");
        var s = e.skippedProbes();
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"id\": ").append(quote(s.get(i).id())).append(", \"reason\": ")
                    .append(quote(s.get(i).error().orElse(""))).append('}');
        }
        return sb.append(']').toString();
    }

    private static String strings(List<String> l) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(quote(l.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String counts(Map<String, Integer> m) {
        var sb = new StringBuilder("{");
        Iterator<Map.Entry<String, Integer>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            var en = it.next();
            sb.append(quote(en.getKey())).append(": ").append(en.getValue());
            if (it.hasNext()) sb.append(", ");
        }
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, int indent, String name, String json, boolean comma) {
        sb.append("  ".repeat(indent)).append(quote(name)).append(": ").append(json).append(comma ? ",\n" : "\n");
    }
}
