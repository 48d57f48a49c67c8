package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.gatehouse.config.DirectorySettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool of connections bound as the service account, made on first use so that Gatehouse starts while the
 * directory is down. One call at a time makes it; the others wait no longer than their deadline, and give up at once
 * when it failed meanwhile.
 */
final class DirectoryPool implements AutoCloseable {

    /** Active Directory's LDAP_CAP_ACTIVE_DIRECTORY_OID, listed in its root DSE's {@code supportedCapabilities}. */
    static final String ACTIVE_DIRECTORY_CAPABILITY = "1.2.840.113556.1.4.800";
    /** Connections are replaced after this, so they move back to the first server once it has recovered. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(15);

    private static final String SUPPORTED_CAPABILITIES = "supportedCapabilities";

    /** The pool and what the directory said about itself when the pool was made. */
    record Connected(LDAPConnectionPool pool, boolean activeDirectory) {}

    private final DirectorySettings settings;
    private final DirectoryServers servers;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile Connected connected;
    /** How often making the pool has failed, so that calls that waited meanwhile need not try again. */
    private volatile int connectFailures;

    private volatile boolean closed;

    DirectoryPool(DirectorySettings settings, DirectoryServers servers) {
        this.settings = settings;
        this.servers = servers;
    }

    /**
     * The pool, made now if need be.
     *
     * @throws LDAPException when it cannot be made in time, or another call just failed to make it
     */
    Connected connected(Deadline deadline) throws LDAPException {
        Connected current = connected;
        if (current != null && !closed) {
            return current;
        }
        int failuresBefore = connectFailures;
        try {
            if (!connecting.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new LDAPException(ResultCode.TIMEOUT, "another call was still connecting to the directory");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.LOCAL_ERROR, "interrupted while waiting to connect", e);
        }
        try {
            if (closed) {
                throw new LDAPException(ResultCode.CONNECT_ERROR, "the directory client is closed");
            }
            if (connected == null) {
                if (connectFailures != failuresBefore) {
                    // Trying again right after the call that held the lock failed would only wait as long.
                    throw new LDAPException(ResultCode.CONNECT_ERROR, OutageBreaker.DID_NOT_ANSWER);
                }
                try {
                    connected = connect(deadline);
                } catch (LDAPException e) {
                    connectFailures++;
                    throw e;
                }
            }
            return connected;
        } finally {
            connecting.unlock();
        }
    }

    /** Closes the connections; later calls fail. */
    @Override
    public void close() {
        closed = true;
        connecting.lock();
        try {
            if (connected != null) {
                connected.pool().close();
                connected = null;
            }
        } finally {
            connecting.unlock();
        }
    }

    private Connected connect(Deadline deadline) throws LDAPException {
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
            return new Connected(created, isActiveDirectory(created, deadline));
        } catch (LDAPException e) {
            created.close();
            throw e;
        }
    }

    private static boolean isActiveDirectory(LDAPConnectionPool pool, Deadline deadline) throws LDAPException {
        SearchRequest rootDse = new SearchRequest("", SearchScope.BASE, "(objectClass=*)", SUPPORTED_CAPABILITIES);
        rootDse.setResponseTimeoutMillis(deadline.nextTimeoutMillis());
        List<SearchResultEntry> found = pool.search(rootDse).getSearchEntries();
        return found.stream()
                .map(entry -> entry.getAttributeValues(SUPPORTED_CAPABILITIES))
                .filter(Objects::nonNull)
                .flatMap(Arrays::stream)
                .anyMatch(ACTIVE_DIRECTORY_CAPABILITY::equals);
    }
}
