package dev.gatehouse.factor;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A software WebAuthn authenticator for unit tests: an ES256 key pair, a credential id and a sign counter, producing
 * the exact bytes a browser hands the server (client data JSON, a {@code none} attestation object, authenticator data
 * and a DER signature), with whatever origin, relying-party id, challenge and flags a test wants to get wrong.
 */
final class SoftAuthenticator {

    static final byte UP = 0x01;
    static final byte UV = 0x04;
    private static final byte AT = 0x40;

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private long counter;

    SoftAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    byte[] credentialId() {
        return credentialId.clone();
    }

    void setCounter(long counter) {
        this.counter = counter;
    }

    /** What {@code navigator.credentials.create()} returns. */
    record Registration(byte[] clientDataJson, byte[] attestationObject) {}

    /** What {@code navigator.credentials.get()} returns. */
    record Assertion(byte[] authenticatorData, byte[] clientDataJson, byte[] signature) {}

    Registration register(String origin, String rpId, byte[] challenge, byte flags) {
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags | AT);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        authData.writeBytes(new byte[16]); // AAGUID: none
        authData.writeBytes(
                ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        ByteArrayOutputStream attestation = new ByteArrayOutputStream();
        attestation.write(0xA3); // map of 3
        text(attestation, "fmt");
        text(attestation, "none");
        text(attestation, "attStmt");
        attestation.write(0xA0); // empty map
        text(attestation, "authData");
        bytes(attestation, authData.toByteArray());
        return new Registration(clientData("webauthn.create", origin, challenge), attestation.toByteArray());
    }

    Assertion authenticate(String origin, String rpId, byte[] challenge, byte flags) {
        counter++;
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        byte[] clientData = clientData("webauthn.get", origin, challenge);
        byte[] data = authData.toByteArray();
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(data);
            signer.update(sha256(clientData));
            return new Assertion(data, clientData, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] clientData(String type, String origin, byte[] challenge) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\""
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge) + "\",\"origin\":\""
                        + origin + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The public key as a COSE_Key: EC2, ES256, P-256, x and y. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21});
        bytes(out, coordinate(key.getW().getAffineX()));
        out.write(0x22);
        bytes(out, coordinate(key.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private static void text(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write(0x60 | utf8.length); // short text strings only
        out.writeBytes(utf8);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        if (value.length < 24) {
            out.write(0x40 | value.length);
        } else if (value.length < 256) {
            out.write(0x58);
            out.write(value.length);
        } else {
            out.write(0x59);
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) value.length).array());
        }
        out.writeBytes(value);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
