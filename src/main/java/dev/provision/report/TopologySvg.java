package dev.provision.report;

import static dev.provision.report.Xml.esc;

import dev.provision.inventory.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seed's Figure 1 drawn from the real deployment: a client calling the balancer, the
 * balancer in front of the replicas, and every agent talking to the Consul server, each box
 * with its address and ports.
 */
final class TopologySvg {
    private static final int TOP = 56;
    private static final int BOX_H = 70;
    private static final int GAP = 16;
    private static final int CLIENT_X = 20;
    private static final int CLIENT_W = 130;
    private static final int LB_X = 220;
    private static final int W = 240;
    private static final int REPLICA_X = 560;
    private static final int SERVER_X = 900;
    private static final int WIDTH = SERVER_X + W + 20;

    private TopologySvg() {}

    /** @param rotation the round-robin probe's answers, shown on each replica when it ran */
    static String render(Topology t, Optional<Rotation> rotation) {
        Map<String, Integer> answers = rotation.map(Rotation::distribution).orElse(Map.of());
        int share = rotation.map(Rotation::perReplica).orElse(-1);
        // Each host is drawn once, in the column of its most visible role.
        var lbs = new ArrayList<TopologyHost>();
        var replicas = new ArrayList<TopologyHost>();
        var servers = new ArrayList<TopologyHost>();
        for (TopologyHost h : t.hosts()) {
            if (h.has(Role.LOAD_BALANCER)) lbs.add(h);
            else if (h.has(Role.SERVICE)) replicas.add(h);
            else servers.add(h);
        }
        // Many replicas are packed into one group of tiles instead of a box each (Density).
        boolean packed = Density.packed(replicas.size());
        int others = Math.max(1, Math.max(lbs.size(), servers.size()));
        int blockH = packed ? Math.max(ReplicaTiles.height(replicas.size()), columnHeight(others))
                : columnHeight(Math.max(others, replicas.size()));
        int lane = TOP + blockH + 34;
        int height = lane + 30;
        int midY = TOP + blockH / 2;

        var sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Deployment topology\">\n");
        sb.append("<defs><marker id=\"topo-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334155\"/>"
                + "</marker></defs>\n");
        heading(sb, CLIENT_X + CLIENT_W / 2, "client");
        heading(sb, LB_X + W / 2, "load balancer (HAProxy)");
        heading(sb, REPLICA_X + W / 2, t.services().size() > 1 ? "replicas of " + String.join(", ", t.services().stream()
                .map(x -> "'" + x.name() + "'").toList()) : "replicas of '" + t.serviceName() + "'");
        heading(sb, SERVER_X + W / 2, "service discovery (Consul)");

        List<int[]> lbBoxes = column(lbs.size(), midY);
        List<int[]> repBoxes = packed ? List.of() : column(replicas.size(), midY);
        int tilesTop = midY - ReplicaTiles.height(replicas.size()) / 2;
        // Where lines meet the replicas: each box's middle, or the one group's.
        List<Integer> repMiddles = packed ? List.of(midY) : repBoxes.stream().map(r -> r[0] + BOX_H / 2).toList();
        List<int[]> srvBoxes = column(servers.size(), midY);

        // Connections first, so the boxes sit on top of them.
        int serverCx = SERVER_X + W / 2;
        int serverLeftY = srvBoxes.isEmpty() ? midY : srvBoxes.get(0)[0] + BOX_H / 2;
        int serverBottom = srvBoxes.isEmpty() ? midY : srvBoxes.get(0)[0] + BOX_H;
        for (int[] lb : lbBoxes) {
            int ly = lb[0] + BOX_H / 2;
            line(sb, CLIENT_X + CLIENT_W, midY, LB_X, ly, "#334155", false, true);
            for (int ry : repMiddles) {
                line(sb, LB_X + W, ly, REPLICA_X, ry, "#2563eb", false, true);
            }
            if (!srvBoxes.isEmpty()) {
                int lx = LB_X + W / 2;
                sb.append("<polyline points=\"").append(lx).append(',').append(lb[0] + BOX_H).append(' ')
                        .append(lx).append(',').append(lane).append(' ').append(serverCx).append(',').append(lane)
                        .append(' ').append(serverCx).append(',').append(serverBottom)
                        .append("\" fill=\"none\" stroke=\"#7c3aed\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n");
            }
        }
        if (!lbBoxes.isEmpty()) {
            text(sb, (CLIENT_X + CLIENT_W + LB_X) / 2, midY - 8, "HTTP :" + t.lbPort(), "lbl", "middle");
            text(sb, (LB_X + W + REPLICA_X) / 2, TOP - 14, t.services().size() > 1 ? "routes: " + t.routes()
                    : "round robin \u2192 :" + t.servicePort(), "lbl", "middle");
        }
        for (int ry : repMiddles) {
            if (!srvBoxes.isEmpty()) {
                line(sb, REPLICA_X + W, ry, SERVER_X, serverLeftY, "#7c3aed", true, false);
            }
        }
        if (!srvBoxes.isEmpty()) {
            text(sb, (LB_X + serverCx) / 2 + 120, lane - 6, "Consul agents \u2192 server: gossip :8301, RPC :8300"
                    + (t.brokers().isEmpty() ? "" : "; events via NATS on " + String.join(", ", t.brokers())), "lbl", "middle");
        }

        box(sb, CLIENT_X, midY - 25, CLIENT_W, 50, "#f1f5f9", "#475569",
                List.of("controller", "provision verify"), null, true);
        for (int i = 0; i < lbs.size(); i++) {
            TopologyHost h = lbs.get(i);
            box(sb, LB_X, lbBoxes.get(i)[0], W, BOX_H, "#eff6ff", "#2563eb", lines(h, "HAProxy + Consul agent"), null, true);
        }
        if (packed) ReplicaTiles.draw(sb, REPLICA_X, tilesTop, W, replicas, answers, share);
        for (int i = 0; i < repBoxes.size(); i++) {
            TopologyHost h = replicas.get(i);
            Integer n = answers.get(h.name());
            box(sb, REPLICA_X, repBoxes.get(i)[0], W, BOX_H, "#f0fdf4", "#16a34a",
                    lines(h, "service + Consul agent"), n == null ? null : n + (n == 1 ? " answer" : " answers"),
                    n != null && n == share);
        }
        for (int i = 0; i < servers.size(); i++) {
            TopologyHost h = servers.get(i);
            String what = h.has(Role.CONSUL_SERVER) ? "Consul server" : "host";
            box(sb, SERVER_X, srvBoxes.get(i)[0], W, BOX_H, "#f5f3ff", "#7c3aed", lines(h, what), null, true);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static List<String> lines(TopologyHost h, String what) {
        String ports = h.ports().isEmpty() ? "" : " \u00b7 tcp " + h.ports().stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
        return List.of(h.name(), h.address() + ports, h.extras().isEmpty() ? what : what + " + " + String.join(" + ", h.extras()));
    }

    /** Height of n boxes stacked with gaps. */
    private static int columnHeight(int n) {
        return n * BOX_H + (n - 1) * GAP;
    }

    /** Top y of each of n boxes stacked around the middle. */
    private static List<int[]> column(int n, int midY) {
        var out = new ArrayList<int[]>();
        int total = n * BOX_H + Math.max(0, n - 1) * GAP;
        int y = midY - total / 2;
        for (int i = 0; i < n; i++) {
            out.add(new int[] {y});
            y += BOX_H + GAP;
        }
        return out;
    }

    private static void heading(StringBuilder sb, int x, String s) {
        text(sb, x, 18, s, "hd", "middle");
    }

    static void text(StringBuilder sb, int x, int y, String s, String cls, String anchor) {
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" class=\"").append(cls)
                .append("\" text-anchor=\"").append(anchor).append("\">").append(esc(s)).append("</text>\n");
    }

    private static void line(StringBuilder sb, int x1, int y1, int x2, int y2, String colour, boolean dashed,
            boolean arrow) {
        sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"");
        if (dashed) sb.append(" stroke-dasharray=\"5 4\"");
        if (arrow) sb.append(" marker-end=\"url(#topo-arrow)\"");
        sb.append("/>\n");
    }

    private static void box(StringBuilder sb, int x, int y, int w, int h, String fill, String stroke,
            List<String> lines, String badge, boolean badgeGood) {
        sb.append("<g><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" rx=\"8\" fill=\"").append(fill).append("\" stroke=\"")
                .append(stroke).append("\" stroke-width=\"1.5\"/>\n");
        int ty = y + 22;
        for (int i = 0; i < lines.size(); i++) {
            text(sb, x + 12, ty, lines.get(i), i == 0 ? "nm" : "sm", "start");
            ty += 18;
        }
        if (badge != null) {
            text(sb, x + w - 10, y + 22, badge, badgeGood ? "bd" : "bd bad", "end");
        }
        sb.append("</g>\n");
    }
}
