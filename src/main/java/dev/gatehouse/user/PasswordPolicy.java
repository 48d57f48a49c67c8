package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must satisfy (NIST SP 800-63B style: length, not the username, not a common password;
 * no composition rules).
 * Length counts Unicode code points after NFKC, the same form that is hashed.
 */
@Named
@ApplicationScoped
public class PasswordPolicy {

    /** Why a password was refused: the key of a message in the UI bundle. */
    public enum Violation {
        TOO_SHORT("password.tooShort"),
        TOO_LONG("password.tooLong"),
        CONTAINS_USERNAME("password.containsUsername"),
        TOO_COMMON("password.tooCommon");

        private final String messageKey;

        Violation(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private int minLength;
    private int maxLength;
    private CommonPasswords common;

    protected PasswordPolicy() {
        // for CDI
    }

    @Inject
    public PasswordPolicy(GatehouseSettings settings, CommonPasswords common) {
        this.minLength = settings.passwordMinLength();
        this.maxLength = settings.passwordMaxLength();
        this.common = common;
    }

    /** The first rule {@code password} breaks for {@code username}, or empty if it is acceptable. */
    public Optional<Violation> check(String username, String password) {
        if (password == null || password.length() > maxLength) {
            return Optional.of(password == null ? Violation.TOO_SHORT : Violation.TOO_LONG);
        }
        String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minLength) {
            return Optional.of(Violation.TOO_SHORT);
        }
        if (length > maxLength) {
            return Optional.of(Violation.TOO_LONG);
        }
        if (username != null
                && !username.isBlank()
                && normalised.toLowerCase(Locale.ROOT).contains(Usernames.normalise(username))) {
            return Optional.of(Violation.CONTAINS_USERNAME);
        }
        if (common.contains(normalised)) {
            return Optional.of(Violation.TOO_COMMON);
        }
        return Optional.empty();
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }
}
