package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import dev.gatehouse.config.DirectorySettings;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The configured servers, tried in order (failover), each connection bound as the service account. Unlike the SDK's
 * {@code FailoverServerSet} it names every server's reason when all fail, and it tries the list at most once per
 * {@link #call}, within the call's deadline: the pool would otherwise try again for each stale connection it holds,
 * one timeout each.
 */
final class DirectoryServers extends ServerSet {

    /** Runs against the directory; may throw what the SDK throws. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws LDAPException;
    }

    private record Server(LDAPURL url, SocketFactory sockets, PostConnectProcessor upgrade) {}

    private static final String LDAPS = "ldaps";

    private final List<Server> servers = new ArrayList<>();
    private final boolean startTls;
    private final long timeoutMillis;
    private final SimpleBindRequest serviceAccount;
    /** Why this thread's call already failed to connect, so its later attempts fail at once. */
    private final ThreadLocal<String> failedInThisCall = new ThreadLocal<>();
    /** When this thread's call must be done; absent for the pool's own connections outside a call. */
    private final ThreadLocal<Deadline> deadlineOfThisCall = new ThreadLocal<>();

    DirectoryServers(DirectorySettings settings) {
        timeoutMillis = settings.timeout().toMillis();
        serviceAccount = new SimpleBindRequest(settings.bindDn(), settings.bindPassword());
        serviceAccount.setResponseTimeoutMillis(timeoutMillis);
        boolean anyTls = settings.startTls()
                || settings.urls().stream().anyMatch(url -> url.getScheme().equals(LDAPS));
        SSLSocketFactory tls = anyTls ? DirectoryTls.socketFactory(settings) : null;
        startTls = settings.startTls();
        for (LDAPURL url : settings.urls()) {
            boolean ldaps = url.getScheme().equals(LDAPS);
            SocketFactory sockets = ldaps ? tls : SocketFactory.getDefault();
            PostConnectProcessor upgrade = !ldaps && startTls ? new StartTLSPostConnectProcessor(tls) : null;
            servers.add(new Server(url, sockets, upgrade));
        }
    }

    private static LDAPConnectionOptions options(long timeoutMillis) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(timeoutMillis));
        options.setResponseTimeoutMillis(timeoutMillis);
        // A referral would send the service account's or the user's password to a server nobody configured.
        options.setFollowReferrals(false);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
        return options;
    }

    /** The service account's bind, which the pool repeats after binding as a user. */
    BindRequest serviceAccount() {
        return serviceAccount;
    }

    /**
     * Runs one sign-in or lookup: within it, once no server could be reached, no further connection is tried, and
     * each connection attempt gets no more than the time left.
     */
    <T> T call(Deadline deadline, Call<T> call) throws LDAPException {
        deadlineOfThisCall.set(deadline);
        try {
            return call.run();
        } finally {
            failedInThisCall.remove();
            deadlineOfThisCall.remove();
        }
    }

    @Override
    public LDAPConnection getConnection() throws LDAPException {
        return getConnection(null);
    }

    @Override
    public LDAPConnection getConnection(LDAPConnectionPoolHealthCheck healthCheck) throws LDAPException {
        String earlier = failedInThisCall.get();
        if (earlier != null) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, earlier);
        }
        List<String> reasons = new ArrayList<>();
        Deadline deadline = deadlineOfThisCall.get();
        for (Server server : servers) {
            try {
                long millis = deadline == null ? timeoutMillis : deadline.nextTimeoutMillis();
                return connect(server, millis, healthCheck);
            } catch (LDAPException e) {
                reasons.add(server.url() + ": " + e.getResultCode() + ", " + e.getMessage());
            }
        }
        String reason = String.join("; ", reasons);
        failedInThisCall.set(reason);
        throw new LDAPException(ResultCode.CONNECT_ERROR, reason);
    }

    private LDAPConnection connect(Server server, long timeoutMillis, LDAPConnectionPoolHealthCheck healthCheck)
            throws LDAPException {
        LDAPURL url = server.url();
        SimpleBindRequest bind = serviceAccount.duplicate();
        bind.setResponseTimeoutMillis(timeoutMillis);
        return new SingleServerSet(
                        url.getHost(), url.getPort(), server.sockets(), options(timeoutMillis), bind, server.upgrade())
                .getConnection(healthCheck);
    }

    @Override
    public boolean includesAuthentication() {
        return true;
    }

    @Override
    public boolean includesPostConnectProcessing() {
        return startTls;
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("DirectoryServers(")
                .append(String.join(
                        ", ",
                        servers.stream().map(server -> server.url().toString()).toList()))
                .append(')');
    }
}
