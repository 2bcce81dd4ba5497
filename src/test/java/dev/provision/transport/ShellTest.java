package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {
    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("/etc/consul.d/a-b_c.hcl", "/etc/consul.d/a-b_c.hcl"),
                Arguments.of("key=value,x:y@z%+", "key=value,x:y@z%+"),
                Arguments.of("two words", "'two words'"),
                Arguments.of("it's", "'it'\"'\"'s'"),
                Arguments.of("$HOME", "'$HOME'"),
                Arguments.of("`id`", "'`id`'"),
                Arguments.of("a;rm -rf /", "'a;rm -rf /'"),
                Arguments.of("*", "'*'"),
                Arguments.of("~root", "'~root'"));
    }

    @ParameterizedTest
    @MethodSource("words")
    void quotesOnlyWhatNeedsIt(String word, String quoted) {
        assertEquals(quoted, Shell.quote(word));
    }

    @org.junit.jupiter.api.Test
    void emptyWordStaysAWord() {
        assertEquals("''", Shell.quote(""));
        assertEquals("printf '' x", Shell.join(List.of("printf", "", "x")));
    }

    /** The real test of quoting: sh gives every word back unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"a b", "it's", "\"dq\"", "$(id)", "back\\slash", "new\nline", "tab\there", "!bang", "'", "''"})
    void shGivesEveryWordBackUnchanged(String word) throws Exception {
        String line = Shell.join(List.of("printf", "%s", word));
        Process p = new ProcessBuilder("sh", "-c", line).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(word, out);
    }
}
