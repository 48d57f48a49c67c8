package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import dev.gatehouse.config.DirectorySettings;
import dev.gatehouse.directory.DirectorySignIn.Outcome;
import dev.gatehouse.user.Role;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Signs users in against the directory and looks them up again, over one pool of connections bound as the service
 * account ({@link DirectoryPool}). A call that reaches no server ends in {@link DirectoryUnavailableException} within
 * its deadline ({@link DirectorySettings#callDeadline()}); during an outage only one call at a time waits for the
 * directory, and the others fail at once ({@link OutageBreaker}).
 */
public final class DirectoryClient implements AutoCloseable {

    static final int MAX_USERNAME_LENGTH = 256;

    /** Bind answers about the account or password (AD's "data 52e/533/775" are all INVALID_CREDENTIALS). */
    private static final Set<ResultCode> BIND_REFUSALS = Set.of(
            ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION,
            ResultCode.UNWILLING_TO_PERFORM,
            ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
            ResultCode.INVALID_DN_SYNTAX);

    private static final System.Logger LOG = System.getLogger(DirectoryClient.class.getName());

    private final DirectorySettings settings;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final DirectoryServers servers;
    private final GroupMembership groups;
    private final DirectoryPool pool;
    private final OutageBreaker breaker;
    private final String[] userAttributes;

    /**
     * Prepares the client without contacting the directory.
     *
     * @throws IllegalArgumentException when the directory is off or its trust store cannot be read
     */
    public DirectoryClient(DirectorySettings settings) {
        this(settings, Clock.systemUTC(), System::nanoTime);
    }

    /** With the time (for account expiry) and the timer (for deadlines and the outage window) given, for tests. */
    DirectoryClient(DirectorySettings settings, Clock clock, LongSupplier nanoTime) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("No directory configured: " + DirectorySettings.URLS + " is not set");
        }
        this.settings = settings;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.servers = new DirectoryServers(settings);
        this.groups = new GroupMembership(settings.groupBase());
        this.pool = new DirectoryPool(settings, servers);
        this.breaker = new OutageBreaker(settings.outageWindow(), nanoTime);
        this.userAttributes = UserEntries.attributes(settings.displayNameAttribute());
    }

    /** Finds the user's entry and binds as it with {@code password}; reads the groups only when that succeeded. */
    public DirectorySignIn authenticate(String username, String password) throws DirectoryUnavailableException {
        if (password == null || password.isEmpty()) {
            // A simple bind with an empty password is an anonymous bind (RFC 4513 5.1.2), which servers accept.
            return DirectorySignIn.failed(Outcome.WRONG_PASSWORD);
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            // Some servers and proxies cut the password at a NUL, which can turn the bind into an anonymous one.
            return DirectorySignIn.failed(Outcome.WRONG_PASSWORD);
        }
        if (!isPlausible(username)) {
            return DirectorySignIn.failed(Outcome.NOT_FOUND);
        }
        return call((directory, deadline) -> {
            Optional<SearchResultEntry> entry = findUser(directory.pool(), username, deadline);
            if (entry.isEmpty()) {
                return DirectorySignIn.failed(Outcome.NOT_FOUND);
            }
            if (!passwordAccepted(directory.pool(), entry.get(), password, deadline)) {
                return DirectorySignIn.failed(Outcome.WRONG_PASSWORD);
            }
            return DirectorySignIn.succeeded(account(directory, entry.get(), username, deadline));
        });
    }

    /** Reads the user's entry and groups as the service account; empty when no single entry matches any more. */
    public Optional<DirectoryAccount> lookup(String username) throws DirectoryUnavailableException {
        if (!isPlausible(username)) {
            return Optional.empty();
        }
        return call((directory, deadline) -> {
            Optional<SearchResultEntry> entry = findUser(directory.pool(), username, deadline);
            return entry.isEmpty()
                    ? Optional.empty()
                    : Optional.of(account(directory, entry.get(), username, deadline));
        });
    }

    /** Closes the pool's connections; later calls fail as unavailable. */
    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    private interface PoolCall<T> {
        T run(DirectoryPool.Connected directory, Deadline deadline) throws LDAPException;
    }

    private <T> T call(PoolCall<T> call) throws DirectoryUnavailableException {
        Optional<OutageBreaker.Ticket> admitted = breaker.admit();
        if (admitted.isEmpty()) {
            LOG.log(
                    Level.DEBUG,
                    "Directory unavailable: {0}, and another call is trying it",
                    OutageBreaker.DID_NOT_ANSWER);
            throw new DirectoryUnavailableException(
                    "No directory server answered: " + OutageBreaker.DID_NOT_ANSWER, null);
        }
        OutageBreaker.Ticket ticket = admitted.get();
        Deadline deadline = Deadline.after(settings.callDeadline(), settings.timeout(), nanoTime);
        try {
            T result = servers.call(deadline, () -> call.run(pool.connected(deadline), deadline));
            if (breaker.answered()) {
                LOG.log(Level.INFO, "The directory answers again");
            }
            return result;
        } catch (LDAPException e) {
            String reason = e.getResultCode() + ": " + e.getMessage();
            // Once per outage window, so that an outage does not flood the log.
            LOG.log(breaker.failed() ? Level.WARNING : Level.DEBUG, "Directory unavailable: {0}", reason);
            throw new DirectoryUnavailableException("No directory server answered (" + reason + ")", e);
        } finally {
            breaker.release(ticket);
        }
    }

    private static boolean isPlausible(String username) {
        return username != null
                && !username.isBlank()
                && username.length() <= MAX_USERNAME_LENGTH
                && username.chars().noneMatch(Character::isISOControl);
    }

    private Optional<SearchResultEntry> findUser(LDAPConnectionPool pool, String username, Deadline deadline)
            throws LDAPException {
        SearchRequest request = new SearchRequest(
                settings.userBase().toString(),
                SearchScope.SUB,
                DirectoryFilters.user(settings.userFilter(), username),
                userAttributes);
        // Two are enough to tell "exactly one" from "several".
        request.setSizeLimit(2);
        request.setResponseTimeoutMillis(deadline.nextTimeoutMillis());
        List<SearchResultEntry> found;
        try {
            found = pool.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                found = e.getSearchEntries();
            } else {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    // Not "no such user": that would end every directory user's session at the next recheck.
                    LOG.log(
                            Level.WARNING,
                            "The user base {0} does not exist in the directory, or the service account may not read it",
                            settings.userBase());
                }
                throw e;
            }
        }
        if (found.size() > 1) {
            // The DNs, not the typed username, which is sometimes a password typed into the wrong field.
            LOG.log(
                    Level.WARNING,
                    "Several directory entries match the user filter for one username ({0}); nobody signs in with it",
                    found.stream().map(Entry::getDN).toList());
            return Optional.empty();
        }
        return found.stream().findFirst();
    }

    private boolean passwordAccepted(LDAPConnectionPool pool, Entry user, String password, Deadline deadline)
            throws LDAPException {
        SimpleBindRequest bind = new SimpleBindRequest(user.getDN(), password);
        bind.setResponseTimeoutMillis(deadline.nextTimeoutMillis());
        try {
            // Binds one pooled connection as the user, then back as the service account.
            return pool.bindAndRevertAuthentication(bind).getResultCode() == ResultCode.SUCCESS;
        } catch (LDAPException e) {
            if (BIND_REFUSALS.contains(e.getResultCode())) {
                LOG.log(Level.DEBUG, "Directory refused the bind as {0}: {1}", user.getDN(), e.getResultCode());
                return false;
            }
            throw e;
        }
    }

    private DirectoryAccount account(DirectoryPool.Connected directory, Entry user, String username, Deadline deadline)
            throws LDAPException {
        Set<DN> memberOf = groups.of(directory.pool(), user.getParsedDN(), directory.activeDirectory(), deadline);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (DirectorySettings.GroupRole mapped : settings.groupRoles()) {
            if (memberOf.contains(mapped.group())) {
                roles.add(Role.valueOf(mapped.role().toUpperCase(Locale.ROOT)));
            }
        }
        if (!roles.isEmpty()) {
            // as for local accounts, everyone who may sign in is a user; admin is granted on top
            roles.add(Role.USER);
        }
        return new DirectoryAccount(
                user.getDN(),
                UserEntries.displayName(user, settings.displayNameAttribute(), username),
                roles,
                UserEntries.disabled(user, clock.instant()),
                UserEntries.entryId(user));
    }
}
