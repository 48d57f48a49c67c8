package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 4648's base 32 test vectors, and the forgiving reading of a secret typed by hand. */
class Base32Test {

    @Test
    void encodesRfc4648sTestVectorsWithoutPadding() {
        String[][] vectors = {
            {"", ""},
            {"f", "MY"},
            {"fo", "MZXQ"},
            {"foo", "MZXW6"},
            {"foob", "MZXW6YQ"},
            {"fooba", "MZXW6YTB"},
            {"foobar", "MZXW6YTBOI"}
        };
        for (String[] vector : vectors) {
            byte[] plain = vector[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(vector[1], Base32.encode(plain), vector[0]);
            assertArrayEquals(plain, Base32.decode(vector[1]).orElseThrow(), vector[1]);
        }
    }

    @Test
    void readsLowerCaseSpacesAndPaddingAndRefusesOtherCharacters() {
        assertArrayEquals(
                "foobar".getBytes(StandardCharsets.US_ASCII),
                Base32.decode("mzxw 6ytb oi======").orElseThrow());
        assertTrue(Base32.decode("MZXW1").isEmpty(), "1 is not in the alphabet");
        assertTrue(Base32.decode("MZXW€").isEmpty());
    }
}
