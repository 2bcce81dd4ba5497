package dev.provision.probes;

import dev.provision.json.Json;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange as the probes see it: a status and body, or the reason there was none.
 *
 * @param status HTTP status, or -1 when no response came (refused, reset, timed out)
 * @param body the response body
 * @param error why there was no good response; empty for a 2xx
 */
public record HttpAnswer(int status, String body, Optional<String> error) {
    public static HttpAnswer failed(String why) {
        return new HttpAnswer(-1, "", Optional.of(why));
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * The replica that answered, from the service's JSON ({@code "replica":"web-1"}).
     *
     * @return empty when the answer failed or does not name one
     */
    public Optional<String> replica() {
        if (!ok()) return Optional.empty();
        try {
            if (Json.parse(body) instanceof Map<?, ?> m && m.get("replica") instanceof String r) {
                return Optional.of(r);
            }
        } catch (IllegalArgumentException notJson) {
            // fall through: a body that is not the service's answer names no replica
        }
        return Optional.empty();
    }

    /** A short description for messages: "200", "503", or the error. */
    public String describe() {
        return status > 0 ? "HTTP " + status : error.orElse("no response");
    }

    /**
     * Parses a raw HTTP/1.x response (status line, headers, blank line, body), as read from a
     * socket until the server closed it.
     */
    public static HttpAnswer parse(String raw) {
        if (raw == null || raw.isEmpty()) return failed("empty response");
        int eol = raw.indexOf("\r\n");
        String statusLine = eol < 0 ? raw : raw.substring(0, eol);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return failed("not an HTTP response: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return failed("bad status line: " + abbreviate(statusLine));
        }
        int split = raw.indexOf("\r\n\r\n");
        String body = split < 0 ? "" : raw.substring(split + 4);
        boolean good = status >= 200 && status < 300;
        return new HttpAnswer(status, body, good ? Optional.empty() : Optional.of("HTTP " + status));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
