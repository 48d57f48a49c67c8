package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SudoPromptTest {

    @Test
    void aHeldFormKeepsEveryFieldEncodedButNotItsCsrfToken() {
        Map<String, String[]> posted = new LinkedHashMap<>();
        posted.put("newUser:username", new String[] {"zoë & co"});
        posted.put("newUser:roles", new String[] {"USER", "ADMIN"});
        posted.put(CsrfTokens.FIELD, new String[] {"stale"});

        assertEquals(
                "newUser%3Ausername=zo%C3%AB+%26+co&newUser%3Aroles=USER&newUser%3Aroles=ADMIN",
                SudoPrompt.formOf(posted));
    }
}
