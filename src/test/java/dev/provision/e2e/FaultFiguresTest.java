package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FaultFiguresTest {
    @Test
    void aCellCannotBreakTheRowOrTheTable() {
        assertEquals("a b / c", FaultFigures.clean(" a\tb\n| c "));
        assertEquals("", FaultFigures.clean(null));
    }
}
