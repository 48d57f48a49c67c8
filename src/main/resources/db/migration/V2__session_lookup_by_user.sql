-- Live sessions are exactly those whose idle expiry lies ahead: the idle expiry never passes the absolute one,
-- so listing and cleanup need only auth_session_idle_expires_idx. Per-user work (session limit, "your
-- sessions", revoking all of a user's sessions, the cascade from app_user) goes through (user_id, last_seen_at).
drop index auth_session_absolute_expires_idx;
drop index auth_session_user_idx;
create index auth_session_user_last_seen_idx on auth_session (user_id, last_seen_at);
