package dev.provision.report;

/** Escaping for XML text and attribute values (HTML, SVG and JUnit XML alike). */
final class Xml {
    private Xml() {}

    /**
     * Escapes markup characters, and replaces characters XML forbids (terminal escape codes in
     * a captured output, say) so the document stays well formed.
     */
    static String esc(String s) {
        if (s == null) return "";
        var sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
