package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnTargetTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/index.xhtml",
                "/account/sessions.xhtml?page=2&sort=created",
                "/admin/users.xhtml#top",
                "/a%20b",
                "/javascript:alert(1)",
                "/caf\u00e9"
            })
    void localPathsAreKept(String path) {
        assertEquals(Optional.of(path), ReturnTarget.sanitise(path));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "//evil.example",
                "//evil.example/path",
                "/\\evil.example",
                "\\\\evil",
                "\\/evil.example",
                "https://evil.example",
                "HTTPS://evil.example",
                "http:evil.example",
                "javascript:alert(1)",
                "JaVaScRiPt:alert(1)",
                "data:text/html,hi",
                "evil.example",
                "relative/path",
                "%2F%2Fevil.example",
                "%2f%2fevil.example",
                "/%2F/evil.example",
                "/%2f%2fevil.example",
                "/%5Cevil.example",
                "/%5cevil.example",
                "%5C%5Cevil",
                "/%252F/evil.example",
                "/%25252F/evil.example",
                "/\tevil",
                "/\nLocation: https://evil.example",
                "/%0d%0aSet-Cookie:x=y",
                "/ /evil",
                "/%zz",
                "/login.xhtml",
                "/LOGIN.xhtml?return=/x",
                "/..//x",
                "/../x",
                "/a/./b",
                "/a//b",
                "/%2e%2e//x",
                "/a/%2E/b",
                "/x/.."
            })
    void anythingThatCouldLeaveTheApplicationIsRefused(String target) {
        assertEquals(Optional.empty(), ReturnTarget.sanitise(target), String.valueOf(target));
        assertEquals(ReturnTarget.HOME, ReturnTarget.orHome(target));
    }

    @Test
    void overlongTargetsAreRefused() {
        String longPath = "/" + "a".repeat(ReturnTarget.MAX_LENGTH);
        assertTrue(ReturnTarget.sanitise(longPath).isEmpty());
    }
}
