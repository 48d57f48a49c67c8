package dev.gatehouse.web.faces;

import dev.gatehouse.factor.PasskeyFactors;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The browser's answer to a passkey ceremony, as {@code passkeys.js} puts it into a form's hidden fields
 * ({@code WEB-INF/includes/passkey-fields.xhtml}): base64url values the server decodes and verifies, never trusts.
 */
@Named
@RequestScoped
public class PasskeyAnswer {

    private String credentialId;
    private String clientDataJson;
    private String authenticatorData;
    private String signature;
    private String userHandle;
    private String attestationObject;
    private String transports;

    /** The answer of {@code navigator.credentials.get()}. */
    public PasskeyFactors.Assertion assertion() {
        return new PasskeyFactors.Assertion(credentialId, clientDataJson, authenticatorData, signature, userHandle);
    }

    /** The answer of {@code navigator.credentials.create()}. */
    public PasskeyFactors.Registration registration() {
        return new PasskeyFactors.Registration(clientDataJson, attestationObject, transports);
    }

    /** Forgets the answer, so a page rendered after it was used posts no stale one. */
    public void clear() {
        credentialId = null;
        clientDataJson = null;
        authenticatorData = null;
        signature = null;
        userHandle = null;
        attestationObject = null;
        transports = null;
    }

    public String getCredentialId() {
        return credentialId;
    }

    public void setCredentialId(String credentialId) {
        this.credentialId = credentialId;
    }

    public String getClientDataJson() {
        return clientDataJson;
    }

    public void setClientDataJson(String clientDataJson) {
        this.clientDataJson = clientDataJson;
    }

    public String getAuthenticatorData() {
        return authenticatorData;
    }

    public void setAuthenticatorData(String authenticatorData) {
        this.authenticatorData = authenticatorData;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
    }

    public String getUserHandle() {
        return userHandle;
    }

    public void setUserHandle(String userHandle) {
        this.userHandle = userHandle;
    }

    public String getAttestationObject() {
        return attestationObject;
    }

    public void setAttestationObject(String attestationObject) {
        this.attestationObject = attestationObject;
    }

    public String getTransports() {
        return transports;
    }

    public void setTransports(String transports) {
        this.transports = transports;
    }
}
