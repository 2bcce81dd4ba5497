package dev.provision;

/**
 * Text from a user or a host made safe to print on a terminal: control characters (ANSI escape
 * sequences, carriage returns, newlines that would fake a line of our own output) are shown as
 * visible escapes ({@code \n}, {@code \e}, {@code \x07}) instead of acting on the terminal.
 */
public final class Printable {
    private Printable() {}

    /** Every control character escaped, newlines included: for text that must stay one line. */
    public static String line(String text) {
        return escaped(text, false);
    }

    /** Control characters escaped except newlines and tabs: for multi-line text such as diffs. */
    public static String lines(String text) {
        return escaped(text, true);
    }

    private static String escaped(String text, boolean keepLines) {
        if (text == null) return "null";
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = keepLines && (c == '\n' || c == '\t') ? null : escape(c);
            if (escape == null) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            sb.append(escape);
        }
        return sb == null ? text : sb.toString();
    }

    /** A value quoted for a message: {@code "text"}, with control characters escaped. */
    public static String quoted(String text) {
        return "\"" + line(text) + "\"";
    }

    private static String escape(char c) {
        if (c == '\n') return "\\n";
        if (c == '\r') return "\\r";
        if (c == '\t') return "\\t";
        if (c == 0x1b) return "\\e";
        // C0, DEL, C1 (0x80-0x9f: 8-bit CSI), and the Unicode line/paragraph separators.
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return String.format("\\x%02x", (int) c);
        }
        return null;
    }
}
