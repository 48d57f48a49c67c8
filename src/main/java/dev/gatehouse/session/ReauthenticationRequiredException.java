package dev.gatehouse.session;

import java.util.UUID;

/**
 * A {@link RecentAuthentication} method was called by a session whose last proof is older than the re-authentication
 * window. Nothing was read or changed; the request can be repeated once the holder has proved it is still them.
 */
public class ReauthenticationRequiredException extends RuntimeException {

    private final transient UUID sessionId;

    public ReauthenticationRequiredException(UUID sessionId, String action) {
        super(action + " needs a recent sign-in: the password (and second factor) must be proved again");
        this.sessionId = sessionId;
    }

    public UUID sessionId() {
        return sessionId;
    }
}
