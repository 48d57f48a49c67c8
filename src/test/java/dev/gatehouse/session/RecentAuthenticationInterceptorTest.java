package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.session.Reauthentication.Standing;
import dev.gatehouse.testing.FakeInvocation;
import java.lang.reflect.Method;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sudo mode's decision for each standing of the calling session, on ordinary and on enrolment methods. */
class RecentAuthenticationInterceptorTest {

    private static final UUID SESSION = UUID.randomUUID();
    private static final Actor CALLER = Actor.user(7, "ida", SESSION, "10.0.0.1");

    static class Service {
        @RecentAuthentication
        void createUser(Actor actor) {}

        @RecentAuthentication(enrolment = true)
        void enrol(Actor actor) {}
    }

    /** A session that stands where the test says, whoever asks. */
    private static RecentAuthenticationInterceptor standing(Standing standing) {
        return new RecentAuthenticationInterceptor(new Reauthentication() {
            @Override
            public Standing standing(UUID sessionId, long userId) {
                assertEquals(SESSION, sessionId);
                assertEquals(7, userId);
                return standing;
            }
        });
    }

    private static FakeInvocation call(String method, Object... arguments) throws NoSuchMethodException {
        Method m = Service.class.getDeclaredMethod(method, Actor.class);
        return new FakeInvocation(new Service(), m, arguments);
    }

    @Test
    void aRecentProofLetsTheCallThrough() throws Exception {
        FakeInvocation invocation = call("createUser", CALLER);
        assertEquals("done", standing(Standing.RECENT).checkRecentProof(invocation));
        assertEquals(1, invocation.proceeded());
    }

    @Test
    void anOldProofAsksForItAgainBeforeTheMethodRuns() throws Exception {
        FakeInvocation invocation = call("createUser", CALLER);
        ReauthenticationRequiredException asked = assertThrows(
                ReauthenticationRequiredException.class,
                () -> standing(Standing.NOT_RECENT).checkRecentProof(invocation));
        assertEquals(SESSION, asked.sessionId());
        assertEquals(0, invocation.proceeded());
    }

    @Test
    void aSessionThatMustEnrolFirstMayOnlyEnrol() throws Exception {
        FakeInvocation other = call("createUser", CALLER);
        assertThrows(
                SecurityException.class, () -> standing(Standing.ENROL_FIRST).checkRecentProof(other));
        assertEquals(0, other.proceeded());

        FakeInvocation enrolment = call("enrol", CALLER);
        assertEquals("done", standing(Standing.ENROL_FIRST).checkRecentProof(enrolment));
        assertThrows(
                ReauthenticationRequiredException.class,
                () -> standing(Standing.ENROL_FIRST_NOT_RECENT).checkRecentProof(call("enrol", CALLER)),
                "even enrolment needs a recent password");
    }

    @Test
    void aCallWithoutASessionIsRefusedOutright() throws Exception {
        FakeInvocation system = call("createUser", Actor.SYSTEM);
        assertThrows(SecurityException.class, () -> standing(Standing.RECENT).checkRecentProof(system));
        assertEquals(0, system.proceeded());
    }
}
