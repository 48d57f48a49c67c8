package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what Gatehouse needs from a user's entry: the name to show, whether the directory disabled the account, and
 * the entry's stable identity.
 */
final class UserEntries {

    static final String CN = "cn";
    /** Active Directory; bit {@value #ACCOUNTDISABLE} set means disabled. */
    static final String USER_ACCOUNT_CONTROL = "userAccountControl";

    static final int ACCOUNTDISABLE = 0x2;
    /** Active Directory: when the account expires, as a Windows FILETIME; 0 and {@link Long#MAX_VALUE} mean never. */
    static final String ACCOUNT_EXPIRES = "accountExpires";
    /**
     * Active Directory: when the account was last locked out. Deliberately not a "disabled" marker: it stays set
     * after the lockout has run out until the next successful logon, so it would refuse people AD lets in (and a
     * lockout anyone can cause by guessing would end sessions); AD refuses the bind itself while the lock lasts.
     */
    static final String LOCKOUT_TIME = "lockoutTime";
    /** 389 Directory Server, Red Hat IdM/FreeIPA and Oracle directories: {@code TRUE} means locked. */
    static final String NS_ACCOUNT_LOCK = "nsAccountLock";
    /** OpenLDAP's password policy (ppolicy): present once the account is locked. Operational, so asked for by name. */
    static final String PWD_ACCOUNT_LOCKED_TIME = "pwdAccountLockedTime";
    /** RFC 4530 (OpenLDAP, 389, UnboundID): the entry's UUID, kept across renames. Operational: asked for by name. */
    static final String ENTRY_UUID = "entryUUID";
    /** Active Directory: the entry's GUID, 16 bytes, kept across renames and moves. */
    static final String OBJECT_GUID = "objectGUID";
    /** What {@link #entryId} falls back to when the directory offers neither identifier. */
    static final String DN_ID = "dn";
    /** What {@link #entryId} falls back to when even the normalised DN is too long: its SHA-256, in hex. */
    static final String DN_SHA256_ID = "dn-sha256";
    /** The width of the users table's display_name column. */
    static final int MAX_DISPLAY_NAME_LENGTH = 200;
    /** The width of the users table's directory_id column. */
    static final int MAX_ENTRY_ID_LENGTH = 300;

    /** 100-nanosecond intervals from 1601-01-01 (the FILETIME epoch) to 1970-01-01 UTC. */
    private static final long FILETIME_AT_UNIX_EPOCH = 116_444_736_000_000_000L;

    private static final long FILETIME_TICKS_PER_SECOND = 10_000_000L;
    private static final long NANOS_PER_FILETIME_TICK = 100L;

    private UserEntries() {}

    /** The attributes to request for a user: the display name, its {@code cn} fallback, the lock markers and ids. */
    static String[] attributes(String displayNameAttribute) {
        return List.of(
                        displayNameAttribute,
                        CN,
                        USER_ACCOUNT_CONTROL,
                        ACCOUNT_EXPIRES,
                        NS_ACCOUNT_LOCK,
                        PWD_ACCOUNT_LOCKED_TIME,
                        ENTRY_UUID,
                        OBJECT_GUID)
                .toArray(String[]::new);
    }

    /**
     * Whether the directory has disabled, locked or (Active Directory) expired the account as of {@code now}. See
     * {@link #LOCKOUT_TIME} for the one lock marker left out.
     */
    static boolean disabled(Entry entry, Instant now) {
        Integer control = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
        boolean adDisabled = control != null && (control & ACCOUNTDISABLE) != 0;
        boolean locked = "true".equalsIgnoreCase(entry.getAttributeValue(NS_ACCOUNT_LOCK));
        return adDisabled
                || expired(entry.getAttributeValueAsLong(ACCOUNT_EXPIRES), now)
                || locked
                || entry.hasAttribute(PWD_ACCOUNT_LOCKED_TIME);
    }

    private static boolean expired(Long accountExpires, Instant now) {
        if (accountExpires == null || accountExpires == 0 || accountExpires == Long.MAX_VALUE) {
            return false;
        }
        long sinceUnixEpoch = accountExpires - FILETIME_AT_UNIX_EPOCH;
        Instant expires = Instant.ofEpochSecond(
                Math.floorDiv(sinceUnixEpoch, FILETIME_TICKS_PER_SECOND),
                Math.floorMod(sinceUnixEpoch, FILETIME_TICKS_PER_SECOND) * NANOS_PER_FILETIME_TICK);
        return !expires.isAfter(now);
    }

    /**
     * The configured attribute, else {@code cn}, else the username; without control and invisible formatting
     * characters (bidi overrides could make it read as someone else's name), runs of white space as one space, at
     * most {@value #MAX_DISPLAY_NAME_LENGTH} characters.
     */
    static String displayName(Entry entry, String displayNameAttribute, String username) {
        return shown(entry.getAttributeValue(displayNameAttribute))
                .or(() -> shown(entry.getAttributeValue(CN)))
                .or(() -> shown(username))
                // Only a username of nothing but formatting characters gets here.
                .orElse(clipped(username));
    }

    private static Optional<String> shown(String value) {
        if (value == null) {
            return Optional.empty();
        }
        StringBuilder shown = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!shown.isEmpty() && shown.charAt(shown.length() - 1) != ' ') {
                    shown.append(' ');
                }
            } else if (Character.getType(c) != Character.FORMAT && !Character.isISOControl(c)) {
                shown.appendCodePoint(c);
            }
        });
        String clipped = clipped(shown.toString()).strip();
        return clipped.isEmpty() ? Optional.empty() : Optional.of(clipped);
    }

    private static String clipped(String value) {
        return value.codePoints()
                .limit(MAX_DISPLAY_NAME_LENGTH)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /**
     * The entry's stable identity: {@code entryUUID:<uuid>}, {@code objectGUID:<guid>} (Active Directory), else
     * {@code dn:<normalised DN>}, which changes when the entry is renamed (hashed when longer than
     * {@value #MAX_ENTRY_ID_LENGTH}).
     */
    static String entryId(Entry entry) throws LDAPException {
        String uuid = entry.getAttributeValue(ENTRY_UUID);
        if (uuid != null && !uuid.isBlank()) {
            return ENTRY_UUID + ":" + uuid.strip().toLowerCase(Locale.ROOT);
        }
        byte[] guid = entry.getAttributeValueBytes(OBJECT_GUID);
        if (guid != null && guid.length > 0) {
            return OBJECT_GUID + ":" + guid(guid);
        }
        String dn = entry.getParsedDN().toNormalizedString();
        String byDn = DN_ID + ":" + dn;
        return byDn.length() <= MAX_ENTRY_ID_LENGTH ? byDn : DN_SHA256_ID + ":" + sha256(dn);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A GUID in its usual form; Windows stores the first three fields little-endian. Other lengths as hex. */
    private static String guid(byte[] bytes) {
        if (bytes.length != 16) {
            return HexFormat.of().formatHex(bytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long first = Integer.toUnsignedLong(in.getInt());
        long second = Short.toUnsignedLong(in.getShort());
        long third = Short.toUnsignedLong(in.getShort());
        long rest = in.order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(first << 32 | second << 16 | third, rest).toString();
    }
}
