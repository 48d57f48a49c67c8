package dev.gatehouse.account;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.factor.PasskeyCredential;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.session.RecentAuthentication;
import dev.gatehouse.session.SecondFactorPolicy;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in user's own passkeys: add one (sudo mode: a stolen session cookie alone cannot add the thief's), rename
 * one, remove one (sudo mode too). The last passkey of a user whose role accepts only passkeys, or the last factor of
 * a user whose role requires one, cannot be removed here: an administrator resets factors. Every change is audited
 * in its transaction; every id is checked against the caller, whatever the page sent.
 */
@ApplicationScoped
@Transactional
public class AccountPasskeys {

    @Inject
    PasskeyFactors passkeys;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    AuditLog audit;

    @Inject
    SessionService sessions;

    /** What the passkeys page shows. */
    public record Overview(boolean available, List<PasskeyCredential> passkeys, boolean required) {}

    public Overview overview(ValidSession caller) {
        return new Overview(
                passkeys.available(),
                passkeys.available() ? passkeys.list(caller.userId()) : List.of(),
                policy.requiresPasskey(caller.roles()));
    }

    /**
     * Starts adding a passkey: the options for the browser, with a challenge bound to the caller's session.
     *
     * @return empty when passkeys are not offered here
     */
    @RecentAuthentication(enrolment = true)
    public Optional<PasskeyFactors.Options> startRegistration(ValidSession caller) {
        if (!passkeys.available()) {
            return Optional.empty();
        }
        return Optional.of(passkeys.registrationOptions(
                caller.userId(), caller.username(), caller.displayName(), binding(caller)));
    }

    /** A passkey just added: its name, and the session's new token. */
    public record Registered(String name, String newToken) {}

    /**
     * Stores the passkey the browser created for the challenge of {@link #startRegistration}. The session now counts as
     * having proved a passkey (it may have been held until it did) and gets a new token.
     *
     * @return the passkey's name and the new token; empty when the answer was refused or the session ended
     */
    @RecentAuthentication(enrolment = true)
    public Optional<Registered> register(
            ValidSession caller, String callerToken, String name, PasskeyFactors.Registration answer, String ip) {
        Optional<PasskeyCredential> registered = passkeys.register(caller.userId(), binding(caller), name, answer);
        if (registered.isEmpty()) {
            return Optional.empty();
        }
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.PASSKEY_REGISTERED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                "\"" + registered.get().name() + "\", from the account page");
        sessions.secondFactorProved(caller.sessionId(), caller.userId(), SecondFactors.Proof.Kind.PASSKEY);
        return sessions.rotate(callerToken)
                .map(token -> new Registered(registered.get().name(), token));
    }

    /** One of the caller's passkeys; empty for an unknown id or another user's passkey. */
    public Optional<PasskeyCredential> find(ValidSession caller, long passkeyId) {
        return passkeys.list(caller.userId()).stream()
                .filter(passkey -> passkey.id() == passkeyId)
                .findFirst();
    }

    /** Renames one of the caller's passkeys. @return whether the caller has that passkey */
    public boolean rename(ValidSession caller, long passkeyId, String name, String ip) {
        Optional<String> old = passkeys.rename(caller.userId(), passkeyId, name);
        old.ifPresent(was -> {
            Actor actor = caller.actor(ip);
            audit.record(
                    AuditEventType.PASSKEY_RENAMED,
                    actor.party(),
                    actor.party(),
                    caller.sessionId(),
                    ip,
                    "was \"" + was + "\"");
        });
        return old.isPresent();
    }

    /** The outcome of removing a passkey. */
    public enum Removal {
        REMOVED,
        /** The caller's role requires it: the last passkey (or last factor) stays. */
        REQUIRED,
        /** The caller has no such passkey. */
        NOT_FOUND
    }

    /** Removes one of the caller's passkeys; it no longer signs anyone in. */
    @RecentAuthentication
    public Removal remove(ValidSession caller, long passkeyId, String ip) {
        List<PasskeyCredential> own = passkeys.lockAll(caller.userId());
        if (own.stream().noneMatch(passkey -> passkey.id() == passkeyId)) {
            return Removal.NOT_FOUND;
        }
        boolean last = own.size() == 1;
        boolean lastFactor = last && !policy.enrolled(caller.userId()).authenticatorApp();
        if (last && policy.requiresPasskey(caller.roles()) || lastFactor && policy.requiresFactor(caller.roles())) {
            return Removal.REQUIRED;
        }
        Optional<String> removed = passkeys.remove(caller.userId(), passkeyId);
        if (removed.isEmpty()) {
            return Removal.NOT_FOUND;
        }
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.PASSKEY_REMOVED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                "\"" + removed.get() + "\"");
        return Removal.REMOVED;
    }

    private static String binding(ValidSession caller) {
        return PasskeyChallenges.sessionBinding(caller.sessionId());
    }
}
