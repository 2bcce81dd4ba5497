package dev.provision.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's host ranges: {@code web-[1:3]} is web-1, web-2, web-3; {@code db[01:10:2]} keeps the
 * leading zeros and steps by 2; {@code [a:c]} counts letters. Several ranges multiply.
 */
final class HostPattern {
    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?]");

    private HostPattern() {}

    /**
     * @return the names the pattern stands for; the name itself when it has no range
     * @throws IllegalArgumentException when a range is backwards, mixes letters and digits, or steps by 0
     */
    static List<String> expand(String pattern) {
        return expand(pattern, Integer.MAX_VALUE);
    }

    /**
     * @param max the most names the pattern may stand for: ranges multiply, and
     *     {@code web-[0:9999][0:9999]} would otherwise fill memory with a hundred million names
     */
    static List<String> expand(String pattern, int max) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) return List.of(pattern);
        String head = pattern.substring(0, m.start());
        List<String> tails = expand(pattern.substring(m.end()), max);
        String from = m.group(1), to = m.group(2);
        for (String number : new String[] {from, to, m.group(3) == null ? "1" : m.group(3)}) {
            if (number.length() > 9) throw new IllegalArgumentException("a number in a range has at most 9 digits");
        }
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (step < 1) throw new IllegalArgumentException("a range step must be at least 1");
        List<String> items = new ArrayList<>();
        boolean letters = Character.isLetter(from.charAt(0));
        if (letters != Character.isLetter(to.charAt(0))) {
            throw new IllegalArgumentException("a range is either letters or numbers, not both");
        }
        if (letters) {
            if (from.charAt(0) > to.charAt(0)) throw new IllegalArgumentException("the range [" + from + ":" + to + "] is backwards");
            for (int c = from.charAt(0); c <= to.charAt(0); c += step) items.add(String.valueOf((char) c));
        } else {
            long start = Long.parseLong(from), end = Long.parseLong(to);
            if (start > end) throw new IllegalArgumentException("the range [" + from + ":" + to + "] is backwards");
            if ((end - start) / step > 10_000) throw new IllegalArgumentException("the range [" + from + ":" + to + "] is too large");
            // Ansible pads to the width of the start when it begins with 0 ("01").
            String format = from.length() > 1 && from.startsWith("0") ? "%0" + from.length() + "d" : "%d";
            for (long i = start; i <= end; i += step) items.add(String.format(format, i));
        }
        if ((long) items.size() * tails.size() > max) {
            throw new IllegalArgumentException("'" + pattern + "' stands for " + ((long) items.size() * tails.size())
                    + " hosts or more; at most " + max + " are allowed");
        }
        List<String> names = new ArrayList<>();
        for (String item : items) {
            for (String tail : tails) names.add(head + item + tail);
        }
        return names;
    }
}
