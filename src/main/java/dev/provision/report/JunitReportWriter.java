package dev.provision.report;

import static dev.provision.report.Xml.esc;

import java.util.Locale;

/** One JUnit test case per probe, so CI systems list the probes like tests. */
public final class JunitReportWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "junit.xml";
    }

    @Override
    public String render(Evidence e) {
        long failures = e.probes().stream().filter(ProbeResult::failed).count();
        long skipped = e.probes().stream().filter(p -> p.status() == ProbeStatus.SKIPPED).count();
        var sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"provision verify\" tests=\"").append(e.probes().size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"")
                .append(seconds(e.duration().toMillis())).append("\" timestamp=\"")
                .append(e.startedAt().toString()).append("\">\n");
        sb.append("  <properties>\n");
        prop(sb, "command", e.commandLine());
        prop(sb, "toolVersion", e.toolVersion());
        prop(sb, "inventory", e.inventoryPath());
        prop(sb, "inventorySha256", e.inventorySha256());
        sb.append("  </properties>\n");
        for (ProbeResult p : e.probes()) {
            sb.append("  <testcase classname=\"provision.verify\" name=\"").append(esc(p.id() + ": " + p.title()))
                    .append("\" time=\"").append(seconds(p.duration().toMillis())).append("\"");
            String out = "expected: " + p.expected() + "\nactual: " + p.actual()
                    + (p.details().isEmpty() ? "" : "\n" + String.join("\n", p.details()));
            switch (p.status()) {
                case PASSED -> sb.append(">\n");
                case FAILED -> sb.append(">\n    <failure message=\"")
                        .append(esc(p.error().orElse("failed"))).append("\" type=\"ProbeFailed\">")
                        .append(esc(out)).append("</failure>\n");
                case SKIPPED -> sb.append(">\n    <skipped message=\"").append(esc(p.error().orElse("skipped")))
                        .append("\"/>\n");
            }
            sb.append("    <system-out>").append(esc(out)).append("</system-out>\n  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static void prop(StringBuilder sb, String name, String value) {
        sb.append("    <property name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
