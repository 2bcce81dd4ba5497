package dev.provision.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the broker's servers through the local Consul agent: {@code GET
 * /v1/health/service/NAME?passing}, one {@code nats://Address:Port} per passing instance (the
 * service's address, else its node's). No address is configured anywhere else.
 */
final class ConsulDiscovery {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String consulHttp;
    private final String service;
    private final HttpClient http;

    ConsulDiscovery(String consulHttp, String service) {
        this.consulHttp = consulHttp;
        this.service = service;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    String query() {
        return consulHttp + "/v1/health/service/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "?passing";
    }

    /** The passing instances' URLs, in Consul's order; empty when there is none (yet). */
    List<String> natsUrls() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(query())).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Consul answered " + response.statusCode() + " to " + query());
        }
        return parse(response.body());
    }

    /** @throws IOException when the answer is not the health API's array of entries */
    static List<String> parse(String body) throws IOException {
        Object parsed;
        try {
            parsed = JsonReader.parse(body);
        } catch (IllegalArgumentException notJson) {
            throw new IOException("Consul's answer is " + notJson.getMessage());
        }
        if (!(parsed instanceof List)) {
            throw new IOException("Consul's answer is not a JSON array");
        }
        List<String> urls = new ArrayList<>();
        for (Object entry : (List<?>) parsed) {
            Map<?, ?> svc = field(entry, "Service");
            Map<?, ?> node = field(entry, "Node");
            Object port = svc == null ? null : svc.get("Port");
            String address = text(svc, "Address");
            if (address.isEmpty()) {
                address = text(node, "Address");
            }
            if (!(port instanceof Long) || (Long) port < 1 || (Long) port > 65535 || address.isEmpty()) {
                continue; // an entry without a usable address: Consul would not list one, skip it
            }
            String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
            String url = "nats://" + host + ":" + port;
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        return urls;
    }

    private static Map<?, ?> field(Object entry, String name) {
        if (entry instanceof Map) {
            Object value = ((Map<?, ?>) entry).get(name);
            if (value instanceof Map) {
                return (Map<?, ?>) value;
            }
        }
        return null;
    }

    private static String text(Map<?, ?> map, String name) {
        Object value = map == null ? null : map.get(name);
        return value instanceof String ? ((String) value).trim() : "";
    }
}
