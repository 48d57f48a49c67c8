package dev.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatehouseSettingsTest {

    private static GatehouseSettings with(Map<String, String> values) {
        return GatehouseSettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsFollowAsvsLevel2() {
        GatehouseSettings settings = GatehouseSettings.defaults();

        assertEquals(Duration.ofMinutes(30), settings.idleTimeout());
        assertEquals(Duration.ofHours(12), settings.absoluteLifetime());
        assertEquals(Duration.ofMinutes(3), settings.renewalInterval());
        assertEquals("__Host-gatehouse", settings.cookieName());
        assertTrue(settings.cookieSecure());
    }

    @Test
    void renewalIntervalFollowsAConfiguredIdleTimeout() {
        GatehouseSettings settings = with(Map.of(GatehouseSettings.IDLE_TIMEOUT, "PT10M"));

        assertEquals(Duration.ofMinutes(1), settings.renewalInterval());
    }

    @Test
    void theSeedsSevenDaySlidingSessionsAreOneSettingAway() {
        GatehouseSettings settings = with(Map.of(
                GatehouseSettings.IDLE_TIMEOUT, "P7D",
                GatehouseSettings.ABSOLUTE_LIFETIME, "P30D"));

        assertEquals(Duration.ofDays(7), settings.idleTimeout());
    }

    @Test
    void idleLongerThanAbsoluteIsRefusedNamingTheSetting() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.IDLE_TIMEOUT, "PT13H")));

        assertTrue(e.getMessage().contains(GatehouseSettings.ABSOLUTE_LIFETIME), e.getMessage());
    }

    @Test
    void unparseableValuesAreAllReportedAtOnce() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> with(Map.of(
                        GatehouseSettings.IDLE_TIMEOUT, "30 minutes",
                        GatehouseSettings.ARGON2_ITERATIONS, "two")));

        assertTrue(
                e.getMessage().contains(GatehouseSettings.IDLE_TIMEOUT + " must be an ISO-8601 duration"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains(GatehouseSettings.ARGON2_ITERATIONS + " must be a whole number"),
                e.getMessage());
    }

    @Test
    void hostPrefixedCookieCannotDropSecure() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.COOKIE_SECURE, "false")));

        assertTrue(e.getMessage().contains(GatehouseSettings.COOKIE_SECURE), e.getMessage());
    }

    @Test
    void passwordHashingBelowOwaspMinimumIsRefused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.ARGON2_MEMORY_KIB, "4096")));

        assertTrue(e.getMessage().contains(GatehouseSettings.ARGON2_MEMORY_KIB), e.getMessage());
    }

    @Test
    void anOutageGraceLongerThanTheIdleTimeoutIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> with(Map.of(GatehouseSettings.IDLE_TIMEOUT, "PT10M", GatehouseSettings.OUTAGE_GRACE, "PT15M")));
        assertTrue(
                e.getMessage().contains(GatehouseSettings.OUTAGE_GRACE + " must not be longer than"), e.getMessage());
    }

    @Test
    void aShortMetricsTokenIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.METRICS_TOKEN, "short")));
        assertTrue(e.getMessage().contains(GatehouseSettings.METRICS_TOKEN), e.getMessage());
    }
}
