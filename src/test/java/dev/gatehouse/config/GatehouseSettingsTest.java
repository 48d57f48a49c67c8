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

    @Test
    void secondFactorsAreRequiredOfAdministratorsAndNeedAKeyOfThirtyTwoBytes() {
        GatehouseSettings defaults = GatehouseSettings.defaults();
        assertEquals(java.util.Set.of("admin"), defaults.mfaRequiredRoles());
        assertEquals(Duration.ofMinutes(10), defaults.reauthWindow());
        assertTrue(defaults.secretKey().isEmpty());

        assertEquals(
                java.util.Set.of(),
                with(Map.of(GatehouseSettings.MFA_REQUIRED_ROLES, "None")).mfaRequiredRoles());
        assertEquals(
                java.util.Set.of("admin", "user"),
                with(Map.of(GatehouseSettings.MFA_REQUIRED_ROLES, " Admin, user ,"))
                        .mfaRequiredRoles());

        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(
                key, with(Map.of(GatehouseSettings.SECRET_KEY, key)).secretKey().orElseThrow());
        for (String bad :
                new String[] {"not base 64!", java.util.Base64.getEncoder().encodeToString(new byte[16]), "AAAA"}) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.SECRET_KEY, bad)));
            assertTrue(refused.getMessage().contains(GatehouseSettings.SECRET_KEY), refused.getMessage());
            assertTrue(!refused.getMessage().contains(bad), "the key's value is never echoed: " + refused.getMessage());
        }
    }

    @Test
    void theReauthenticationWindowFitsInASession() {
        assertThrows(IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.REAUTH_WINDOW, "PT30S")));
        assertThrows(IllegalArgumentException.class, () -> with(Map.of(GatehouseSettings.REAUTH_WINDOW, "PT13H")));
        assertThrows(
                IllegalArgumentException.class,
                () -> with(Map.of(GatehouseSettings.MFA_REQUIRED_ROLES, "admin; drop table")));
        assertEquals(
                Duration.ofMinutes(2),
                with(Map.of(GatehouseSettings.REAUTH_WINDOW, "PT2M")).reauthWindow());
    }

    @Test
    void passkeysNeedThePublicOriginAndTheKey() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Map<String, String> ready = Map.of(
                GatehouseSettings.PUBLIC_ORIGIN,
                "https://intranet.example.com",
                GatehouseSettings.SECRET_KEY,
                key,
                GatehouseSettings.MFA_REQUIRED_ROLES,
                "admin:passkey, user",
                GatehouseSettings.PASSKEY_PASSWORDLESS,
                "true");
        GatehouseSettings settings = with(ready);
        assertEquals(java.util.Set.of("admin", "user"), settings.mfaRequiredRoles());
        assertEquals(java.util.Set.of("admin"), settings.passkeyRequiredRoles());
        assertTrue(settings.passkeyPasswordless());
        assertTrue(!with(Map.of()).passkeyPasswordless(), "off by default");

        for (String missing : new String[] {GatehouseSettings.PUBLIC_ORIGIN, GatehouseSettings.SECRET_KEY}) {
            Map<String, String> without = new java.util.HashMap<>(ready);
            without.remove(missing);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> with(without));
            assertTrue(refused.getMessage().contains(GatehouseSettings.MFA_REQUIRED_ROLES), refused.getMessage());
            assertTrue(refused.getMessage().contains(GatehouseSettings.PASSKEY_PASSWORDLESS), refused.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> with(Map.of(GatehouseSettings.MFA_REQUIRED_ROLES, "admin:totp")),
                "only :passkey narrows a role's factors");
    }
}
