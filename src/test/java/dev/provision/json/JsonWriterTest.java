package dev.provision.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesCompactNestedDocumentsWithCommasInPlace() {
        String doc = new JsonWriter().beginObject()
                .name("check").value(false)
                .name("hosts").beginObject()
                    .name("web-1").beginObject().name("ok").value(3).name("steps").beginArray()
                        .beginObject().name("name").value("a \"b\"\n").end()
                        .beginObject().name("seconds").value(1.23456, 3).end()
                    .end().end()
                    .name("lb").beginObject().name("error").value((String) null).end()
                .end()
                .name("empty").beginArray().end()
                .end().toString();
        assertEquals("{\"check\":false,\"hosts\":{\"web-1\":{\"ok\":3,\"steps\":[{\"name\":\"a \\\"b\\\"\\n\"},"
                + "{\"seconds\":1.235}]},\"lb\":{\"error\":null}},\"empty\":[]}", doc);
        var read = (Map<?, ?>) Json.parse(doc);
        assertEquals(List.of(), read.get("empty"));
    }

    @Test
    void refusesWhatWouldNotBeJson() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("x").end());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().value(Double.NaN, 1));
    }
}
