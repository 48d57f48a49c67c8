-- PostgreSQL only (db/postgresql is added to the migration locations on PostgreSQL alone).
-- Every node caches the sessions it validated and forgets them when a NOTIFY on 'gatehouse_sessions'
-- (SessionChanges.CHANNEL) names them. The application sends one with each change it makes; these triggers send
-- the same message, 'u:<user id>', when a user's roles, name or access change by any other means (an operator's
-- SQL, a script), so such a change also counts at the very next request on every node. PostgreSQL delivers the
-- message on commit, and only once per transaction however many rows or statements sent it.

create function gatehouse_notify_user_changed() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'user_role' then
        if tg_op in ('UPDATE', 'DELETE') then
            perform pg_notify('gatehouse_sessions', 'u:' || old.user_id);
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
            perform pg_notify('gatehouse_sessions', 'u:' || new.user_id);
        end if;
    else
        if tg_op in ('UPDATE', 'DELETE') then
            perform pg_notify('gatehouse_sessions', 'u:' || old.id);
        end if;
    end if;
    return null;
end $$;

create trigger user_role_changed after insert or update or delete on user_role
    for each row execute function gatehouse_notify_user_changed();

create trigger app_user_access_changed after update of username, display_name, enabled on app_user
    for each row when (old.username is distinct from new.username
                       or old.display_name is distinct from new.display_name
                       or old.enabled is distinct from new.enabled)
    execute function gatehouse_notify_user_changed();

create trigger app_user_deleted after delete on app_user
    for each row execute function gatehouse_notify_user_changed();
