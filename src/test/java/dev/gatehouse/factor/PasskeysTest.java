package dev.gatehouse.factor;

import static dev.gatehouse.factor.SoftAuthenticator.UP;
import static dev.gatehouse.factor.SoftAuthenticator.UV;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server side of passkeys with the bytes a browser sends, made by a software authenticator: a registration and
 * an assertion verify, and each way of getting one wrong (origin, relying party, challenge, signature, user
 * verification, a counter that goes back) is refused.
 */
class PasskeysTest {

    private static final String ORIGIN = "https://intranet.example.com";
    private static final String RP_ID = "intranet.example.com";

    private final Passkeys passkeys = new Passkeys(Set.of(ORIGIN), RP_ID);
    private final SoftAuthenticator authenticator = new SoftAuthenticator();
    private Passkeys.Stored stored;

    private static byte[] challenge() {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        return challenge;
    }

    @BeforeEach
    void register() throws Passkeys.Refused {
        byte[] challenge = challenge();
        SoftAuthenticator.Registration created = authenticator.register(ORIGIN, RP_ID, challenge, (byte) (UP | UV));
        Passkeys.Registered registered = passkeys.register(
                created.clientDataJson(), created.attestationObject(), Set.of("internal"), challenge, true);

        assertArrayEquals(authenticator.credentialId(), registered.credentialId());
        assertTrue(registered.userVerified());
        assertEquals(0, registered.signCount());
        stored = new Passkeys.Stored(
                registered.attestedCredentialData(), registered.signCount(), false, false, registered.transports());
    }

    private Passkeys.Asserted authenticate(SoftAuthenticator.Assertion assertion, byte[] challenge, boolean uv)
            throws Passkeys.Refused {
        return passkeys.authenticate(
                authenticator.credentialId(),
                null,
                assertion.authenticatorData(),
                assertion.clientDataJson(),
                assertion.signature(),
                stored,
                challenge,
                uv);
    }

    @Test
    void anAssertionOfTheRegisteredKeyVerifiesAndMovesTheCounter() throws Passkeys.Refused {
        byte[] challenge = challenge();
        Passkeys.Asserted asserted =
                authenticate(authenticator.authenticate(ORIGIN, RP_ID, challenge, (byte) (UP | UV)), challenge, true);

        assertEquals(1, asserted.signCount());
        assertTrue(asserted.userVerified());
    }

    @Test
    void anotherOriginIsRefused() {
        byte[] challenge = challenge();
        var phished = authenticator.authenticate("https://intranet.example.com.evil.example", RP_ID, challenge, UP);

        assertThrows(Passkeys.Refused.class, () -> authenticate(phished, challenge, false));
    }

    @Test
    void anotherRelyingPartyIsRefused() {
        byte[] challenge = challenge();
        var other = authenticator.authenticate(ORIGIN, "example.com", challenge, UP);

        assertThrows(Passkeys.Refused.class, () -> authenticate(other, challenge, false));
    }

    @Test
    void anAnswerToAnotherChallengeIsRefused() {
        var stale = authenticator.authenticate(ORIGIN, RP_ID, challenge(), UP);

        assertThrows(Passkeys.Refused.class, () -> authenticate(stale, challenge(), false));
    }

    @Test
    void aBadSignatureIsRefused() {
        byte[] challenge = challenge();
        var signed = authenticator.authenticate(ORIGIN, RP_ID, challenge, UP);
        byte[] signature = signed.signature();
        signature[signature.length - 1] ^= 0x01;
        var tampered = new SoftAuthenticator.Assertion(signed.authenticatorData(), signed.clientDataJson(), signature);

        assertThrows(Passkeys.Refused.class, () -> authenticate(tampered, challenge, false));
    }

    @Test
    void userVerificationIsRequiredWhenAsked() {
        byte[] challenge = challenge();
        var presenceOnly = authenticator.authenticate(ORIGIN, RP_ID, challenge, UP);

        assertThrows(Passkeys.Refused.class, () -> authenticate(presenceOnly, challenge, true));
    }

    @Test
    void aCounterThatGoesBackIsRefusedAsAClone() {
        stored = new Passkeys.Stored(stored.attestedCredentialData(), 7, false, false, Set.of());
        authenticator.setCounter(2); // the clone signs with 3
        byte[] challenge = challenge();

        Passkeys.Refused refused = assertThrows(
                Passkeys.Refused.class,
                () -> authenticate(authenticator.authenticate(ORIGIN, RP_ID, challenge, UP), challenge, false));
        assertTrue(refused.counterWentBack());
    }

    @Test
    void aRegistrationForAnotherOriginOrChallengeIsRefused() {
        byte[] challenge = challenge();
        SoftAuthenticator other = new SoftAuthenticator();
        var phished = other.register("https://evil.example", RP_ID, challenge, UP);
        var stale = other.register(ORIGIN, RP_ID, challenge(), UP);

        assertThrows(
                Passkeys.Refused.class,
                () -> passkeys.register(
                        phished.clientDataJson(), phished.attestationObject(), Set.of(), challenge, false));
        Passkeys.Refused refused = assertThrows(
                Passkeys.Refused.class,
                () -> passkeys.register(stale.clientDataJson(), stale.attestationObject(), Set.of(), challenge, false));
        assertFalse(refused.counterWentBack());
    }

    @Test
    void garbageIsRefusedNotThrownAsSomethingElse() {
        byte[] challenge = challenge();

        assertThrows(
                Passkeys.Refused.class,
                () -> passkeys.register(new byte[] {1, 2, 3}, new byte[] {(byte) 0xFF}, Set.of(), challenge, false));
        assertThrows(
                Passkeys.Refused.class,
                () -> passkeys.authenticate(
                        new byte[0], null, new byte[5], "{".getBytes(), new byte[3], stored, challenge, false));
    }
}
