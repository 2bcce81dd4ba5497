package dev.provision.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void quotesWhatMustBeEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\u003c\"", Json.quote("a\"b\\c\nd\u0001<"));
    }

    @Test
    void writesAndReadsAStringsBody() {
        assertEquals("a\\\"b\\u003c", Json.inString("a\"b<"));
        assertEquals("a\"b<", Json.unquote(Json.inString("a\"b<")));
        assertEquals("broken\\", Json.unquote("broken\\"));
    }

    @Test
    void readsTheServiceAnswer() {
        Object v = Json.parse("{\"service\":\"web\",\"replica\":\"web-1\",\"address\":\"198.18.0.21\","
                + "\"port\":8080,\"requests\":17,\"pid\":1234,\"ok\":true,\"x\":null,\"f\":-1.5e2,\"a\":[1,\"\\u00e9\"]}");
        var m = (Map<?, ?>) v;
        assertEquals("web-1", m.get("replica"));
        assertEquals(8080L, m.get("port"));
        assertEquals(true, m.get("ok"));
        assertEquals(-150.0, m.get("f"));
        assertEquals(List.of(1L, "\u00e9"), m.get("a"));
    }

    @Test
    void roundTripsQuotedText() {
        String s = "tab\t\"q\" \\ \u2028 <b>";
        assertEquals(s, Json.parse(Json.quote(s)));
    }

    @Test
    void prettyPrintsForReadersAndLeavesOtherTextAlone() {
        assertEquals("[\n  {\n    \"a\": 1,\n    \"b\": [],\n    \"c\": null\n  }\n]",
                Json.pretty("[{\"a\":1,\"b\":[],\"c\":null}]"));
        assertEquals("(not captured)", Json.pretty("(not captured)"));
    }

    @Test
    void rejectsBrokenDocumentsNamingTheOffset() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertEquals("not valid JSON at offset 8: expected a member name", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }
}
