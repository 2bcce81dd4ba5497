package dev.provision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Renders the fixed evidence with every writer and compares with src/test/resources/golden.
 * After an intended change, regenerate with {@code mvn test -Dtest=GoldenReportTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenReportTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String SVG = "http://www.w3.org/2000/svg";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new HtmlReportWriter(), "passing", EvidenceFixture.passing()),
                Arguments.of(new HtmlReportWriter(), "failing", EvidenceFixture.failing()),
                Arguments.of(new MarkdownReportWriter(), "passing", EvidenceFixture.passing()),
                Arguments.of(new JsonReportWriter(), "passing", EvidenceFixture.passing()),
                Arguments.of(new JunitReportWriter(), "failing", EvidenceFixture.failing()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersAsTheGoldenFile(ReportWriter writer, String name, Evidence evidence) throws Exception {
        String actual = writer.render(evidence);
        Path golden = GOLDEN.resolve(name + "-" + writer.fileName());
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing golden file " + golden + "; run with -Dgolden.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "differs from " + golden + "; if intended, regenerate with -Dgolden.update=true");
    }

    @Test
    void htmlIsWellFormedWithTheDiagramAndCharts() throws Exception {
        Document doc = parseXml(new HtmlReportWriter().render(EvidenceFixture.passing()));
        var svgs = doc.getElementsByTagNameNS(SVG, "svg");
        // Topology, bar chart, a bar chart per declared service (web, orders), two timelines.
        assertEquals(6, svgs.getLength());
        assertEquals("topology", ((Element) svgs.item(0)).getAttribute("class"));
        String topo = svgs.item(0).getTextContent();
        for (String s : new String[] {"lb-1", "198.18.0.11", "web-3", "198.18.0.23", "consul-1", "HTTP :80",
                "orders :8090", "NATS broker :4222", "/orders \u2192 orders :8090"}) {
            assertTrue(topo.contains(s), "topology lacks " + s);
        }
        // One bar per replica in the distribution chart.
        assertEquals(3, ((Element) svgs.item(1)).getElementsByTagNameNS(SVG, "rect").getLength());
        // Every request of the maintenance timeline is a dot.
        assertEquals(6, ((Element) svgs.item(4)).getElementsByTagNameNS(SVG, "circle").getLength());
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("<script>alert(1)</script>"), "escaped text must read back as written");
        assertEquals(0, doc.getElementsByTagName("script").getLength(), "no script element may sneak in");
        assertTrue(text.contains("1 unused server-template slots"), "unused HAProxy slots summarised");
    }

    @Test
    void htmlFetchesNothing() {
        String html = new HtmlReportWriter().render(EvidenceFixture.passing());
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/", "").contains("http://"),
                "only namespace URIs may appear");
        assertFalse(html.contains("https://"));
        assertFalse(html.contains(" src="));
    }

    @Test
    void junitIsWellFormedWithOneCasePerProbe() throws Exception {
        Evidence e = EvidenceFixture.failing();
        Document doc = parseXml(new JunitReportWriter().render(e));
        assertEquals(e.probes().size(), doc.getElementsByTagName("testcase").getLength());
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals("replica web-3 answered 3 times, expected exactly 4",
                ((Element) doc.getElementsByTagName("failure").item(0)).getAttribute("message"));
        assertEquals(1, doc.getElementsByTagName("skipped").getLength());
    }

    @Test
    void jsonCarriesTheContract() {
        @SuppressWarnings("unchecked")
        var json = (java.util.Map<String, Object>) Json.parse(new JsonReportWriter().render(EvidenceFixture.failing()));
        assertEquals(false, json.get("passed"));
        var probes = (java.util.List<?>) json.get("probes");
        var rr = (java.util.Map<?, ?>) probes.get(2);
        assertEquals("round-robin", rr.get("id"));
        assertEquals(false, rr.get("passed"));
        assertEquals(980L, rr.get("durationMs"));
        assertEquals(java.util.Map.of("web-1", 4L, "web-2", 5L, "web-3", 3L), json.get("distribution"));
    }

    @Test
    void jsonKeepsTheWebDistributionAndAddsOnePerService() {
        @SuppressWarnings("unchecked")
        var json = (java.util.Map<String, Object>) Json.parse(new JsonReportWriter().render(EvidenceFixture.passing()));
        // The old top-level field stays the web round robin's.
        assertEquals(java.util.Map.of("web-1", 4L, "web-2", 4L, "web-3", 4L), json.get("distribution"));
        var services = (java.util.Map<?, ?>) json.get("services");
        assertEquals(java.util.List.of("web", "orders"), java.util.List.copyOf(services.keySet()));
        var orders = (java.util.Map<?, ?>) services.get("orders");
        assertEquals("/orders/", orders.get("route"));
        assertEquals(java.util.Map.of("web-1", 3L, "web-2", 3L, "web-3", 3L), orders.get("distribution"));
        var delivery = (java.util.Map<?, ?>) json.get("delivery");
        assertEquals(200L, delivery.get("published"));
        assertEquals(0L, delivery.get("queueLost"));
        var latency = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) delivery.get("latencyMs")).get("queue");
        assertEquals(3L, latency.get("p50"));
        assertEquals(11L, latency.get("p99"));
        var restart = (java.util.Map<?, ?>) json.get("brokerRestart");
        assertEquals(22L, restart.get("queueLost"));
        assertEquals(64L, restart.get("fanoutLost"));
        var topology = (java.util.Map<?, ?>) json.get("topology");
        assertEquals(java.util.List.of("consul-1"), topology.get("brokers"));
    }

    @Test
    void markdownHasTheDeliveryTable() {
        String md = new MarkdownReportWriter().render(EvidenceFixture.passing());
        assertTrue(md.contains("| web-2 | 66 | 200 / 200 | 0 |"), md);
        assertTrue(md.contains("| queue group | 3 ms | 11 ms | 14 ms | 200 |"), md);
        assertTrue(md.contains("| orders | `/orders/` | web-1 | 3 |"), md);
    }

    static Document parseXml(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
