package dev.provision.report;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.inventory.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Forty replicas: the diagram and the charts stay a page or two, and every replica is still named. */
class ReportAtScaleTest {
    static final int REPLICAS = 40;
    static final String SVG = "http://www.w3.org/2000/svg";

    /** 40 replicas, 2 answers each, except web-17 that gave 1 (and web-18 that gave 3). */
    static Evidence fortyReplicas() {
        var hosts = new ArrayList<TopologyHost>();
        hosts.add(new TopologyHost("consul-server", "198.18.14.10", Set.of(Role.CONSUL_SERVER), List.of(8300, 8301, 8500)));
        hosts.add(new TopologyHost("lb", "198.18.14.11", Set.of(Role.LOAD_BALANCER), List.of(80, 8181, 8301)));
        var names = new ArrayList<String>();
        for (int n = 1; n <= REPLICAS; n++) {
            names.add("web-" + n);
            hosts.add(new TopologyHost("web-" + n, "198.18.14." + (20 + n), Set.of(Role.SERVICE), List.of(8080, 8301)));
        }
        var seq = new ArrayList<String>(names);
        seq.addAll(names);
        seq.set(REPLICAS + 16, "web-18");
        var samples = new ArrayList<Timeline.Sample>();
        for (int i = 0; i < seq.size(); i++) samples.add(new Timeline.Sample(i * 50L, seq.get(i), true));
        var timeline = new Timeline("web-17 put into Consul maintenance, then taken out", EvidenceFixture.START, samples,
                List.of(new Timeline.Event(100, "maintenance enabled")), List.of(), List.of(), Optional.empty());
        var probes = List.of(ProbeResult.passed("reachability", "Every host answers over SSH", "42 hosts answer",
                "42 of 42 answer", Duration.ofMillis(900), List.of()));
        return new Evidence("0.1.0", "provision verify", "inventory.yaml", "00", EvidenceFixture.START,
                EvidenceFixture.START.plusSeconds(30), new Topology(hosts, "web", 8080, 80, 8181), probes,
                Optional.of(new Rotation(seq, 2, names)), Optional.of(timeline), Optional.empty(), Captured.NONE);
    }

    @Test
    void theTopologyPacksTheReplicasIntoTilesThatStillNameEachOne() throws Exception {
        Element topo = svgs(fortyReplicas()).get(0);
        assertEquals("topology", topo.getAttribute("class"));
        // One box each would be 40 x 86 px; packed, the whole diagram stays under a screen and a half.
        assertTrue(height(topo) < 800, "topology height " + height(topo));
        String text = topo.getTextContent();
        for (int n = 1; n <= REPLICAS; n++) assertTrue(text.contains("web-" + n + " 198.18.14." + (20 + n)), "tile of web-" + n);
        assertTrue(text.contains("40 replicas"), text);
        assertTrue(text.contains("198.18.14.21 \u2026 198.18.14.60"), text);
        // The replicas whose answers are not their share are marked, and only those.
        var bad = new ArrayList<String>();
        var texts = topo.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").equals("bd bad")) bad.add(t.getTextContent());
        }
        assertEquals(List.of("1", "3"), bad);
    }

    @Test
    void theChartsUseThinnerRowsAndKeepOneRowPerReplica() throws Exception {
        List<Element> svgs = svgs(fortyReplicas());
        Element bars = svgs.get(1);
        assertEquals(REPLICAS, bars.getElementsByTagNameNS(SVG, "rect").getLength());
        assertTrue(height(bars) <= 24 + 26 + REPLICAS * 20, "bar chart height " + height(bars));
        Element lanes = svgs.get(2);
        assertTrue(height(lanes) < 800, "timeline height " + height(lanes));
        assertEquals(2 * REPLICAS, lanes.getElementsByTagNameNS(SVG, "circle").getLength());
    }

    @Test
    void theMarkdownDiagramIsOneNodeForTheReplicasAndTheTableListsEach() {
        String md = new MarkdownReportWriter().render(fortyReplicas());
        String mermaid = md.substring(md.indexOf("```mermaid"), md.indexOf("```", md.indexOf("```mermaid") + 3));
        assertTrue(mermaid.lines().count() < 10, mermaid);
        assertTrue(mermaid.contains("40 replicas of web<br/>web-1 \u2026 web-40<br/>198.18.14.21 \u2026 198.18.14.60"), mermaid);
        assertTrue(mermaid.contains("replicas -. \"agents :8301\" .-> h_consul_server"), mermaid);
        assertTrue(mermaid.contains("h_lb -. \"agent :8301\" .-> h_consul_server"), mermaid);
        for (int n = 1; n <= REPLICAS; n++) {
            assertTrue(md.contains("| web-" + n + " | services | 198.18.14." + (20 + n) + " | 8080, 8301 |"), "row of web-" + n);
        }
    }

    private static List<Element> svgs(Evidence e) throws Exception {
        Document doc = GoldenReportTest.parseXml(new HtmlReportWriter().render(e));
        var list = doc.getElementsByTagNameNS(SVG, "svg");
        var out = new ArrayList<Element>();
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    private static int height(Element svg) {
        Matcher m = Pattern.compile("0 0 \\d+ (\\d+)").matcher(svg.getAttribute("viewBox"));
        assertTrue(m.matches(), svg.getAttribute("viewBox"));
        return Integer.parseInt(m.group(1));
    }
}
