package dev.gatehouse.user;

import java.text.Normalizer;
import java.util.Locale;

/** One rule for turning what someone typed into the stored username, so lookups and uniqueness agree. */
public final class Usernames {

    /** Longer input cannot be a stored username (the column holds 100 characters). */
    public static final int MAX_LENGTH = 100;

    private Usernames() {}

    /** Trims, applies Unicode NFKC and folds case with the root locale. */
    public static String normalise(String typed) {
        String folded =
                Normalizer.normalize(typed.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /** Whether {@code typed} could name an account at all: not blank, not too long, no control characters. */
    public static boolean isPlausible(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > MAX_LENGTH) {
            return false;
        }
        return typed.codePoints().noneMatch(Character::isISOControl);
    }
}
