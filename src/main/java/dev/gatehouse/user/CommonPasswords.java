package dev.gatehouse.user;

import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.matchers.Dictionary;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The 30 000 most common passwords, from the ranked list zxcvbn4j ships (no network at runtime). Compared
 * case-insensitively after NFKC, so {@code Password123} counts as common too.
 */
@ApplicationScoped
public class CommonPasswords {

    static final String DICTIONARY_NAME = "passwords";

    private final Set<String> passwords;

    public CommonPasswords() {
        Dictionary dictionary = loadDictionaries().stream()
                .filter(d -> DICTIONARY_NAME.equals(d.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("zxcvbn4j no longer ships a '" + DICTIONARY_NAME
                        + "' dictionary; pick another common-password list in " + CommonPasswords.class.getName()));
        this.passwords = Set.copyOf(dictionary.getRankedDictionary().keySet());
    }

    private static List<Dictionary> loadDictionaries() {
        try {
            return StandardDictionaries.loadAllDictionaries();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the common-password list shipped with zxcvbn4j", e);
        }
    }

    /** Whether {@code password} is on the list. */
    public boolean contains(String password) {
        return passwords.contains(
                Normalizer.normalize(password, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    }

    public int size() {
        return passwords.size();
    }
}
