package dev.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersAreShownNotObeyed() {
        assertEquals("\\e[31mred\\e[0m", Printable.line("\u001b[31mred\u001b[0m"));
        assertEquals("a\\nb\\r\\tc\\x07\\x7f\\x9b", Printable.line("a\nb\r\tc\u0007\u007f\u009b"));
        assertEquals("\"web\\nExecStartPre=x\"", Printable.quoted("web\nExecStartPre=x"));
    }

    @Test
    void multiLineTextKeepsItsLinesAndTabs() {
        assertEquals("one\n\ttwo \\e[2J", Printable.lines("one\n\ttwo \u001b[2J"));
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String plain = "web-1 (198.18.0.21): ok, café";
        assertSame(plain, Printable.line(plain));
    }
}
