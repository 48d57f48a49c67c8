package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void theSvgHoldsOnlyRectanglesWithTheFinderPatternsInPlace() {
        String svg = QrCodes.svg("otpauth://totp/Gatehouse:ann?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse", 200);

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("M4,4h1v1h-1z"), "the top-left finder pattern starts after the quiet zone");
        assertFalse(svg.contains("M3,"), "the quiet zone stays light");
        assertFalse(svg.contains("<script") || svg.contains("style=") || svg.contains("href"), svg);
    }
}
