package dev.provision.service;

/** Builds one JSON object (strings, integers, nested objects, arrays of those); no dependency. */
final class Json {
    private final StringBuilder out = new StringBuilder("{");

    Json put(String key, String value) {
        key(key);
        quote(value);
        return this;
    }

    Json put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, Json object) {
        key(key);
        out.append(object);
        return this;
    }

    Json putStrings(String key, Iterable<String> values) {
        key(key);
        out.append('[');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(value);
        }
        out.append(']');
        return this;
    }

    /** The first {@code count} values of an array, as a JSON array of integers. */
    Json putInts(String key, int[] values, int count) {
        key(key);
        out.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        out.append(']');
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private void key(String key) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(key);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
