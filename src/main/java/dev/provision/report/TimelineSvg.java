package dev.provision.report;

import static dev.provision.report.Xml.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A disruption over time: one lane per replica with a dot for every request it answered, a
 * lane of failed requests in red, and the events (maintenance on, service stopped...) as
 * vertical lines. A gap in a lane is the replica out of rotation.
 */
final class TimelineSvg {
    private static final int LABEL_W = 130;
    private static final int PLOT_W = 820;
    private static final int LANE_H = 26;
    /** Lane height when there are many replicas (Density): 40 lanes in 650 pixels. */
    private static final int PACKED_LANE_H = 16;
    private static final int EVENT_ROW = 14;

    private TimelineSvg() {}

    static String render(Timeline t, List<String> replicaOrder) {
        var lanes = new ArrayList<String>(replicaOrder);
        for (Timeline.Sample s : t.samples()) {
            if (s.replica() != null && !lanes.contains(s.replica())) lanes.add(s.replica());
        }
        boolean anyFailed = t.samples().stream().anyMatch(s -> !s.ok());
        lanes.removeIf(l -> t.samples().stream().noneMatch(s -> l.equals(s.replica()))
                && !replicaOrder.contains(l));
        int laneCount = lanes.size() + 1; // the failed lane is always drawn: empty is the evidence
        int laneH = Density.packed(lanes.size()) ? PACKED_LANE_H : LANE_H;
        int eventRows = Math.max(1, Math.min(4, t.events().size()));
        int top = 10 + eventRows * EVENT_ROW + 6;
        int plotH = laneCount * laneH;
        int height = top + plotH + 34;
        int width = LABEL_W + PLOT_W + 30;
        long span = Math.max(1000, t.spanMs());
        span = niceCeil(span);

        var sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(esc(t.title())).append("\">\n");
        // Lanes.
        for (int i = 0; i < laneCount; i++) {
            int y = top + i * laneH;
            String name = i < lanes.size() ? lanes.get(i) : "failed";
            sb.append("<rect x=\"").append(LABEL_W).append("\" y=\"").append(y).append("\" width=\"").append(PLOT_W)
                    .append("\" height=\"").append(laneH).append("\" fill=\"").append(i % 2 == 0 ? "#f8fafc" : "#ffffff")
                    .append("\"/>\n");
            sb.append("<text x=\"").append(LABEL_W - 8).append("\" y=\"").append(y + laneH / 2 + 4)
                    .append("\" class=\"sm\" text-anchor=\"end\"")
                    .append(i < lanes.size() ? "" : " fill=\"" + Palette.FAIL + "\"").append('>')
                    .append(esc(name)).append("</text>\n");
        }
        // Windows the claim rests on (a replica absent): a band behind the lanes.
        for (Timeline.Window w : t.windows()) {
            int x1 = x(w.fromMs(), span);
            int x2 = Math.max(x1 + 1, x(w.toMs(), span));
            sb.append("<rect x=\"").append(x1).append("\" y=\"").append(top).append("\" width=\"").append(x2 - x1)
                    .append("\" height=\"").append(plotH).append("\" fill=\"").append(Palette.EVENT)
                    .append("\" fill-opacity=\"0.12\"><title>").append(esc(w.label() + ": " + seconds(w.fromMs()) + " to "
                            + seconds(w.toMs()) + " s")).append("</title></rect>\n");
        }
        // Axis with ticks.
        int axisY = top + plotH;
        sb.append("<line x1=\"").append(LABEL_W).append("\" y1=\"").append(axisY).append("\" x2=\"")
                .append(LABEL_W + PLOT_W).append("\" y2=\"").append(axisY).append("\" stroke=\"#94a3b8\"/>\n");
        long step = tickStep(span);
        for (long ms = 0; ms <= span; ms += step) {
            int x = x(ms, span);
            sb.append("<line x1=\"").append(x).append("\" y1=\"").append(axisY).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(axisY + 4).append("\" stroke=\"#94a3b8\"/>\n");
            sb.append("<text x=\"").append(x).append("\" y=\"").append(axisY + 16)
                    .append("\" class=\"sm\" text-anchor=\"middle\">").append(seconds(ms)).append("</text>\n");
        }
        sb.append("<text x=\"").append(LABEL_W + PLOT_W).append("\" y=\"").append(axisY + 30)
                .append("\" class=\"sm\" text-anchor=\"end\">seconds since start</text>\n");
        // Events: vertical lines, labels stacked in rows so neighbours do not overlap.
        for (int i = 0; i < t.events().size(); i++) {
            Timeline.Event e = t.events().get(i);
            int x = x(e.atMs(), span);
            int ly = 10 + (i % eventRows) * EVENT_ROW + 10;
            sb.append("<line x1=\"").append(x).append("\" y1=\"").append(ly + 2).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(axisY).append("\" stroke=\"").append(Palette.EVENT)
                    .append("\" stroke-dasharray=\"3 3\"/>\n");
            boolean right = x > LABEL_W + PLOT_W * 0.7;
            sb.append("<text x=\"").append(right ? x - 4 : x + 4).append("\" y=\"").append(ly)
                    .append("\" class=\"ev\" text-anchor=\"").append(right ? "end" : "start").append("\">")
                    .append(esc(e.label() + " (" + seconds(e.atMs()) + " s)")).append("</text>\n");
        }
        // Requests.
        for (Timeline.Sample s : t.samples()) {
            int lane = s.ok() && s.replica() != null ? lanes.indexOf(s.replica()) : lanes.size();
            if (lane < 0) lane = lanes.size();
            int y = top + lane * laneH + laneH / 2;
            String colour = s.ok() ? Palette.replica(s.replica(), replicaOrder) : Palette.FAIL;
            sb.append("<circle cx=\"").append(x(s.atMs(), span)).append("\" cy=\"").append(y)
                    .append("\" r=\"").append(s.ok() ? "2.5" : "3.5").append("\" fill=\"").append(colour)
                    .append("\"/>\n");
        }
        if (!anyFailed) {
            sb.append("<text x=\"").append(LABEL_W + 8).append("\" y=\"").append(top + lanes.size() * laneH + laneH / 2 + 4)
                    .append("\" class=\"sm\" fill=\"").append(Palette.OK).append("\">no failed request</text>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int x(long ms, long span) {
        return LABEL_W + (int) Math.round((double) ms / span * PLOT_W);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    private static long niceCeil(long ms) {
        long step = tickStep(ms);
        return ((ms + step - 1) / step) * step;
    }

    private static long tickStep(long span) {
        for (long s : new long[] {500, 1000, 2000, 5000, 10000, 30000, 60000}) {
            if (span / s <= 12) return s;
        }
        return 120000;
    }
}
