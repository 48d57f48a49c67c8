package dev.gatehouse.session;

/** A session just started: the raw token exists only here and in the cookie made from it. */
public record NewSession(String token, ValidSession session) {

    @Override
    public String toString() {
        return "NewSession[session=" + session.sessionId() + "]";
    }
}
