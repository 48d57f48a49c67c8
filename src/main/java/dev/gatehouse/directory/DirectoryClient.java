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
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Signs users in against the directory and looks them up again, over one pool of connections bound as the service
 * account. The pool is made on first use, so Gatehouse starts while the directory is down; every call that reaches
 * no server ends in {@link DirectoryUnavailableException} after at most about two timeouts.
 */
public final class DirectoryClient implements AutoCloseable {

    static final int MAX_USERNAME_LENGTH = 256;
    /** Active Directory's LDAP_CAP_ACTIVE_DIRECTORY_OID, listed in its root DSE's {@code supportedCapabilities}. */
    static final String ACTIVE_DIRECTORY_CAPABILITY = "1.2.840.113556.1.4.800";
    /** Connections are replaced after this, so they move back to the first server once it has recovered. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(15);

    private static final String SUPPORTED_CAPABILITIES = "supportedCapabilities";
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
    private final DirectoryServers servers;
    private final GroupMembership groups;
    private final String[] userAttributes;
    private LDAPConnectionPool pool;
    private boolean activeDirectory;
    private boolean closed;

    /**
     * Prepares the client without contacting the directory.
     *
     * @throws IllegalArgumentException when the directory is off or its trust store cannot be read
     */
    public DirectoryClient(DirectorySettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("No directory configured: " + DirectorySettings.URLS + " is not set");
        }
        this.settings = settings;
        this.servers = new DirectoryServers(settings);
        this.groups = new GroupMembership(settings.groupBase());
        this.userAttributes = UserEntries.attributes(settings.displayNameAttribute());
    }

    /** Finds the user's entry and binds as it with {@code password}; reads the groups only when that succeeded. */
    public DirectorySignIn authenticate(String username, String password) throws DirectoryUnavailableException {
        if (password == null || password.isEmpty()) {
            // A simple bind with an empty password is an anonymous bind (RFC 4513 5.1.2), which servers accept.
            return DirectorySignIn.failed(Outcome.WRONG_PASSWORD);
        }
        if (!isPlausible(username)) {
            return DirectorySignIn.failed(Outcome.NOT_FOUND);
        }
        return call(pool -> {
            Optional<SearchResultEntry> entry = findUser(pool, username);
            if (entry.isEmpty()) {
                return DirectorySignIn.failed(Outcome.NOT_FOUND);
            }
            if (!passwordAccepted(pool, entry.get(), password)) {
                return DirectorySignIn.failed(Outcome.WRONG_PASSWORD);
            }
            return DirectorySignIn.succeeded(account(pool, entry.get(), username));
        });
    }

    /** Reads the user's entry and groups as the service account; empty when no single entry matches any more. */
    public Optional<DirectoryAccount> lookup(String username) throws DirectoryUnavailableException {
        if (!isPlausible(username)) {
            return Optional.empty();
        }
        return call(pool -> {
            Optional<SearchResultEntry> entry = findUser(pool, username);
            return entry.isEmpty() ? Optional.empty() : Optional.of(account(pool, entry.get(), username));
        });
    }

    /** Closes the pool's connections; later calls fail as unavailable. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @FunctionalInterface
    private interface PoolCall<T> {
        T run(LDAPConnectionPool pool) throws LDAPException;
    }

    private <T> T call(PoolCall<T> call) throws DirectoryUnavailableException {
        try {
            return servers.call(() -> call.run(pool()));
        } catch (LDAPException e) {
            String reason = e.getResultCode() + ": " + e.getMessage();
            LOG.log(Level.WARNING, "Directory unavailable: {0}", reason);
            throw new DirectoryUnavailableException("No directory server answered (" + reason + ")", e);
        }
    }

    private synchronized LDAPConnectionPool pool() throws LDAPException {
        if (closed) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "the directory client is closed");
        }
        if (pool == null) {
            // One connection up front; the rest are made as sign-ins need them.
            LDAPConnectionPool created =
                    new LDAPConnectionPool(servers, servers.serviceAccount(), 1, settings.poolSize(), null, true);
            try {
                created.setConnectionPoolName("gatehouse-directory");
                created.setMaxWaitTimeMillis(settings.timeout().toMillis());
                // A hard limit: when all connections are busy, wait for one instead of opening more.
                created.setCreateIfNecessary(false);
                // A connection the server closed (e.g. it restarted) is replaced and the operation tried once more.
                created.setRetryFailedOperationsDueToInvalidConnections(true);
                created.setMaxConnectionAgeMillis(MAX_CONNECTION_AGE.toMillis());
                activeDirectory = isActiveDirectory(created);
            } catch (LDAPException e) {
                created.close();
                throw e;
            }
            pool = created;
        }
        return pool;
    }

    private static boolean isActiveDirectory(LDAPConnectionPool pool) throws LDAPException {
        Entry rootDse = pool.getEntry("", SUPPORTED_CAPABILITIES);
        return rootDse != null
                && List.of(Optional.ofNullable(rootDse.getAttributeValues(SUPPORTED_CAPABILITIES))
                                .orElse(new String[0]))
                        .contains(ACTIVE_DIRECTORY_CAPABILITY);
    }

    private static boolean isPlausible(String username) {
        return username != null
                && !username.isBlank()
                && username.length() <= MAX_USERNAME_LENGTH
                && username.chars().noneMatch(Character::isISOControl);
    }

    private Optional<SearchResultEntry> findUser(LDAPConnectionPool pool, String username) throws LDAPException {
        SearchRequest request = new SearchRequest(
                settings.userBase().toString(),
                SearchScope.SUB,
                DirectoryFilters.user(settings.userFilter(), username),
                userAttributes);
        // Two are enough to tell "exactly one" from "several".
        request.setSizeLimit(2);
        List<SearchResultEntry> found;
        try {
            found = pool.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                found = e.getSearchEntries();
            } else if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                LOG.log(Level.WARNING, "The user base {0} does not exist in the directory", settings.userBase());
                return Optional.empty();
            } else {
                throw e;
            }
        }
        if (found.size() > 1) {
            LOG.log(
                    Level.WARNING,
                    "Several directory entries match the user filter for {0}; nobody signs in with it",
                    username);
            return Optional.empty();
        }
        return found.stream().findFirst();
    }

    private boolean passwordAccepted(LDAPConnectionPool pool, Entry user, String password) throws LDAPException {
        SimpleBindRequest bind = new SimpleBindRequest(user.getDN(), password);
        bind.setResponseTimeoutMillis(settings.timeout().toMillis());
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

    private DirectoryAccount account(LDAPConnectionPool pool, Entry user, String username) throws LDAPException {
        Set<DN> memberOf = groups.of(pool, user.getParsedDN(), activeDirectory);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (DirectorySettings.GroupRole mapped : settings.groupRoles()) {
            if (memberOf.contains(mapped.group())) {
                roles.add(Role.valueOf(mapped.role().toUpperCase(Locale.ROOT)));
            }
        }
        return new DirectoryAccount(
                user.getDN(),
                UserEntries.displayName(user, settings.displayNameAttribute(), username),
                roles,
                UserEntries.disabled(user),
                user.getParsedDN().toNormalizedString());
    }
}
