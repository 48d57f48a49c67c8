package dev.gatehouse.factor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-use recovery codes: shown once, stored only as SHA-256 digests. Each has about 59 random bits (12 of 31
 * characters), so a fast digest is enough (nobody can search 2^59 codes, and the sign-in lockout counts wrong
 * ones); written in groups of four from an alphabet without look-alikes ({@code 0/o}, {@code 1/l/i}), read back
 * whatever the case, spaces or dashes.
 */
public final class RecoveryCodes {

    /** Codes per set; a new set replaces the whole old one. */
    public static final int PER_SET = 10;

    /** Lower-case letters and digits without 0, 1, i, l, o: 31 characters. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private static final int CHARACTERS = 12;
    private static final int GROUP = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    /** A new set of {@value #PER_SET} codes, as the user is to write them down ({@code abcd-efgh-jkmn}). */
    public static List<String> newSet() {
        List<String> codes = new ArrayList<>(PER_SET);
        for (int i = 0; i < PER_SET; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < CHARACTERS; c++) {
                if (c > 0 && c % GROUP == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /**
     * The digest to store for a code, or to look a typed one up by. Empty for input that cannot be a code, so it
     * needs no lookup at all.
     */
    public static Optional<String> digest(String typed) {
        if (typed == null || typed.length() > 4 * CHARACTERS) {
            return Optional.empty();
        }
        String canonical = typed.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (canonical.length() != CHARACTERS || !canonical.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
