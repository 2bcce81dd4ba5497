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
        // Topology, bar chart, two timelines.
        assertEquals(4, svgs.getLength());
        assertEquals("topology", ((Element) svgs.item(0)).getAttribute("class"));
        String topo = svgs.item(0).getTextContent();
        for (String s : new String[] {"lb-1", "198.18.0.11", "web-3", "198.18.0.23", "consul-1", "HTTP :80"}) {
            assertTrue(topo.contains(s), "topology lacks " + s);
        }
        // One bar per replica in the distribution chart.
        assertEquals(3, ((Element) svgs.item(1)).getElementsByTagNameNS(SVG, "rect").getLength());
        // Every request of the maintenance timeline is a dot.
        assertEquals(6, ((Element) svgs.item(2)).getElementsByTagNameNS(SVG, "circle").getLength());
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

    static Document parseXml(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
