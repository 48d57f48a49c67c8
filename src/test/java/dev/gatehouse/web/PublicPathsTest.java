package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicPathsTest {

    private final PublicPaths paths = new PublicPaths(GatehouseSettings.load(key -> Optional.ofNullable(
            Map.of(GatehouseSettings.PUBLIC_PATHS, "/about.xhtml, /docs/").get(key))));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/login.xhtml",
                "/api/ping",
                "/health",
                "/health/ready",
                "/static/a.css",
                "/jakarta.faces.resource/css/gatehouse.css.xhtml",
                "/about.xhtml",
                "/docs/",
                "/docs/intro.xhtml"
            })
    void publicPaths(String path) {
        assertTrue(paths.isPublic(path), path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/index.xhtml",
                "/healthz",
                "/health-report.xhtml",
                "/healthy/x",
                "/login.xhtml/x",
                "/login.xhtmlx",
                "/api/ping/x",
                "/api/pingx",
                "/about.xhtml/x",
                "/docsx",
                "/docs",
                "/static",
                "/admin/sessions.xhtml",
                "/jakarta.faces.resourcex/x",
                "/api/me"
            })
    void protectedPaths(String path) {
        assertFalse(paths.isPublic(path), path);
    }
}
