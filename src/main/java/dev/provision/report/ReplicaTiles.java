package dev.provision.report;

import static dev.provision.report.Xml.esc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Many replicas in the topology as one group: a header with their count, ports and address
 * range, then a small tile per replica (its name and, when the round-robin probe ran, its
 * answers, red when not its share). Forty replicas take about 640 pixels instead of 3400.
 */
final class ReplicaTiles {
    private static final int HEADER_H = 70;
    private static final int PAD = 12;
    private static final int COLUMNS = 2;
    private static final int TILE_GAP = 8;
    private static final int TILE_H = 22;
    private static final int ROW_GAP = 6;
    /** Longer names are cut (the tile's tooltip keeps the whole name). */
    private static final int NAME_CHARS = 11;

    private ReplicaTiles() {}

    /** Height of the group for n replicas. */
    static int height(int n) {
        int rows = (n + COLUMNS - 1) / COLUMNS;
        return HEADER_H + rows * (TILE_H + ROW_GAP) + PAD / 2;
    }

    static void draw(StringBuilder sb, int x, int y, int w, List<TopologyHost> replicas, Map<String, Integer> answers,
            int share) {
        sb.append("<g><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(height(replicas.size()))
                .append("\" rx=\"8\" fill=\"#f0fdf4\" stroke=\"#16a34a\" stroke-width=\"1.5\"/>\n");
        TopologyHost first = replicas.get(0);
        TopologyHost last = replicas.get(replicas.size() - 1);
        String ports = first.ports().isEmpty() ? "" : "tcp " + first.ports().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " \u00b7 ";
        TopologySvg.text(sb, x + PAD, y + 22, replicas.size() + " replicas" + (answers.isEmpty() ? "" : " \u00b7 answers each"),
                "nm", "start");
        TopologySvg.text(sb, x + PAD, y + 40, ports + "service + Consul agent", "sm", "start");
        TopologySvg.text(sb, x + PAD, y + 58, first.address() + " \u2026 " + last.address(), "sm", "start");
        int tileW = (w - 2 * PAD - (COLUMNS - 1) * TILE_GAP) / COLUMNS;
        for (int i = 0; i < replicas.size(); i++) {
            TopologyHost h = replicas.get(i);
            int tx = x + PAD + (i % COLUMNS) * (tileW + TILE_GAP);
            int ty = y + HEADER_H + (i / COLUMNS) * (TILE_H + ROW_GAP);
            Integer n = answers.get(h.name());
            sb.append("<g><title>").append(esc(h.name() + " " + h.address()
                    + (n == null ? "" : ": " + n + (n == 1 ? " answer" : " answers")))).append("</title>");
            sb.append("<rect x=\"").append(tx).append("\" y=\"").append(ty).append("\" width=\"").append(tileW)
                    .append("\" height=\"").append(TILE_H).append("\" rx=\"4\" fill=\"#ffffff\" stroke=\"#86efac\"/>\n");
            String name = h.name().length() > NAME_CHARS ? h.name().substring(0, NAME_CHARS - 1) + "\u2026" : h.name();
            TopologySvg.text(sb, tx + 6, ty + 16, name, "sm", "start");
            if (n != null) TopologySvg.text(sb, tx + tileW - 6, ty + 16, String.valueOf(n), n == share ? "bd" : "bd bad", "end");
            sb.append("</g>\n");
        }
        sb.append("</g>\n");
    }
}
