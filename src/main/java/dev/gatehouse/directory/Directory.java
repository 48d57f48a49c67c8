package dev.gatehouse.directory;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The company directory as Gatehouse sees it (LDAP or Active Directory), configured by {@code DirectorySettings}.
 * Without {@code GATEHOUSE_LDAP_URLS} it is off and every method says so.
 */
@ApplicationScoped
public class Directory {

    /** Whether a directory is configured. */
    public boolean isEnabled() {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Finds the user's entry as the service account (the username escaped per RFC 4515) and binds as it with the
     * typed password.
     *
     * @throws DirectoryUnavailableException when no directory server answered within the timeout
     */
    public DirectorySignIn authenticate(String username, String password) throws DirectoryUnavailableException {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Re-reads a user's entry as the service account, without their password (the periodic offboarding check).
     *
     * @return the account, or empty when no entry matches the username any more
     * @throws DirectoryUnavailableException when no directory server answered within the timeout
     */
    public Optional<DirectoryAccount> lookup(String username) throws DirectoryUnavailableException {
        throw new UnsupportedOperationException("in progress");
    }
}
