package dev.gatehouse.directory;

import dev.gatehouse.config.DirectorySettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The company directory as Gatehouse sees it (LDAP or Active Directory), configured by {@code DirectorySettings}.
 * Without {@code GATEHOUSE_LDAP_URLS} it is off and every method says so.
 */
@ApplicationScoped
public class Directory {

    @Inject
    DirectorySettings settings;

    private Optional<DirectoryClient> client = Optional.empty();

    @PostConstruct
    void start() {
        // Nothing is contacted yet: the first sign-in connects, so a directory outage does not stop the application.
        client = settings.enabled() ? Optional.of(new DirectoryClient(settings)) : Optional.empty();
    }

    @PreDestroy
    void stop() {
        client.ifPresent(DirectoryClient::close);
    }

    /** Whether a directory is configured. */
    public boolean isEnabled() {
        return client.isPresent();
    }

    /**
     * Finds the user's entry as the service account (the username escaped per RFC 4515) and binds as it with the
     * typed password.
     *
     * @throws DirectoryUnavailableException when no directory server answered in time (twice the timeout in all),
     *     when another call is already trying a directory that did not answer a moment ago, or when the user or
     *     group base is missing or unreadable
     * @throws IllegalStateException when no directory is configured ({@link #isEnabled()} is false)
     */
    public DirectorySignIn authenticate(String username, String password) throws DirectoryUnavailableException {
        return client().authenticate(username, password);
    }

    /**
     * Re-reads a user's entry as the service account, without their password (the periodic offboarding check).
     *
     * @return the account, or empty when no entry matches the username any more
     * @throws DirectoryUnavailableException as for {@link #authenticate}; never "no such user" for a missing base
     * @throws IllegalStateException when no directory is configured ({@link #isEnabled()} is false)
     */
    public Optional<DirectoryAccount> lookup(String username) throws DirectoryUnavailableException {
        return client().lookup(username);
    }

    private DirectoryClient client() {
        return client.orElseThrow(() -> new IllegalStateException(
                "No directory configured: set " + DirectorySettings.URLS + " (check isEnabled() first)"));
    }
}
