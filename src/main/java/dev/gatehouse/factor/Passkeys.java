package dev.gatehouse.factor;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;

/**
 * Server-side WebAuthn (passkeys) with webauthn4j: verifies a registration (attestation {@code none} accepted, the
 * public key kept) and an assertion against a stored credential. Every check of the specification is webauthn4j's:
 * the challenge, the origin, the relying-party id hash, the user-presence and user-verification flags, the signature,
 * and a sign counter that must grow (a clone of an authenticator shows up as one that goes back). Pure: the challenge
 * comes from the caller, who issues it once and binds it to a pending sign-in or a session. Malformed input of any
 * kind is refused the same way, never thrown as a parser's exception. {@link PasskeyFactors} puts it to use.
 */
public final class Passkeys {

    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentials =
            new AttestedCredentialDataConverter(new ObjectConverter());
    private final Set<Origin> origins;
    private final String rpId;

    /**
     * @param origins the origins users reach the application at ({@code https://intranet.example.com})
     * @param rpId the relying-party id: the public origin's host name
     */
    public Passkeys(Set<String> origins, String rpId) {
        this.origins = origins.stream().map(Origin::create).collect(Collectors.toUnmodifiableSet());
        this.rpId = rpId;
    }

    /** Why a registration or an assertion was refused. */
    public static final class Refused extends Exception {
        private final boolean counterWentBack;

        Refused(String message, Throwable cause, boolean counterWentBack) {
            super(message, cause);
            this.counterWentBack = counterWentBack;
        }

        /** Whether the authenticator's sign counter was not above the stored one: a cloned authenticator, audited. */
        public boolean counterWentBack() {
            return counterWentBack;
        }
    }

    /**
     * A verified new credential, as it is stored: the credential id, the attested credential data (AAGUID, id and
     * COSE public key, in WebAuthn's binary form), the sign counter and the flags the authenticator reported.
     */
    public record Registered(
            byte[] credentialId,
            byte[] attestedCredentialData,
            long signCount,
            UUID aaguid,
            Set<String> transports,
            boolean userVerified,
            boolean backupEligible,
            boolean backupState) {}

    /** A stored credential, as {@link #authenticate} needs it. */
    public record Stored(
            byte[] attestedCredentialData,
            long signCount,
            boolean backupEligible,
            boolean backupState,
            Set<String> transports) {}

    /** A verified assertion: the counter to store now, and what the authenticator reported. */
    public record Asserted(long signCount, boolean userVerified, boolean backupState) {}

    /**
     * Verifies {@code navigator.credentials.create()}'s response against the challenge issued for it.
     *
     * @throws Refused for anything that is not a valid registration for this relying party and challenge
     */
    public Registered register(
            byte[] clientDataJson,
            byte[] attestationObject,
            Set<String> transports,
            byte[] challenge,
            boolean userVerificationRequired)
            throws Refused {
        try {
            RegistrationData data = manager.verify(
                    new RegistrationRequest(attestationObject, clientDataJson, transports),
                    new RegistrationParameters(serverProperty(challenge), userVerificationRequired, true));
            AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
            AttestedCredentialData credential = authenticator.getAttestedCredentialData();
            return new Registered(
                    credential.getCredentialId(),
                    credentials.convert(credential),
                    authenticator.getSignCount(),
                    credential.getAaguid().getValue(),
                    Set.copyOf(transports),
                    authenticator.isFlagUV(),
                    authenticator.isFlagBE(),
                    authenticator.isFlagBS());
        } catch (WebAuthnException | JacksonException | IllegalArgumentException e) {
            throw new Refused("registration refused: " + e.getClass().getSimpleName(), e, false);
        }
    }

    /**
     * Verifies {@code navigator.credentials.get()}'s response against the stored credential and the challenge issued
     * for it.
     *
     * @throws Refused for anything that is not a valid assertion by this credential for this relying party and
     *     challenge; {@link Refused#counterWentBack} when the signature was right but the counter did not grow
     */
    public Asserted authenticate(
            byte[] credentialId,
            byte[] userHandle,
            byte[] authenticatorData,
            byte[] clientDataJson,
            byte[] signature,
            Stored stored,
            byte[] challenge,
            boolean userVerificationRequired)
            throws Refused {
        try {
            AttestedCredentialData credential = credentials.convert(stored.attestedCredentialData());
            CredentialRecordImpl record = new CredentialRecordImpl(
                    new NoneAttestationStatement(),
                    null,
                    stored.backupEligible(),
                    stored.backupState(),
                    stored.signCount(),
                    credential,
                    null,
                    null,
                    null,
                    stored.transports().stream()
                            .map(AuthenticatorTransport::create)
                            .collect(Collectors.toSet()));
            AuthenticationData data = manager.verify(
                    new AuthenticationRequest(credentialId, userHandle, authenticatorData, clientDataJson, signature),
                    new AuthenticationParameters(
                            serverProperty(challenge),
                            record,
                            List.of(credential.getCredentialId()),
                            userVerificationRequired,
                            true));
            AuthenticatorData<?> asserted = data.getAuthenticatorData();
            return new Asserted(asserted.getSignCount(), asserted.isFlagUV(), asserted.isFlagBS());
        } catch (MaliciousCounterValueException e) {
            throw new Refused("assertion refused: the sign counter did not grow", e, true);
        } catch (WebAuthnException | JacksonException | IllegalArgumentException e) {
            throw new Refused("assertion refused: " + e.getClass().getSimpleName(), e, false);
        }
    }

    private ServerProperty serverProperty(byte[] challenge) {
        return new ServerProperty(origins, rpId, new DefaultChallenge(challenge));
    }
}
