-- Users from the company directory (LDAP / Active Directory) beside local accounts. A username belongs to one
-- source. Directory users have no password here: the directory checks it at every sign-in.

alter table app_user add column source varchar(20) default 'LOCAL' not null;
alter table app_user add constraint app_user_source_check check (source in ('LOCAL', 'DIRECTORY'));

alter table app_user alter column password_hash drop not null;
alter table app_user add constraint app_user_password_by_source
    check ((source = 'LOCAL' and password_hash is not null) or (source = 'DIRECTORY' and password_hash is null));

-- the entry's stable identity (entryUUID or objectGUID, else its DN): one Gatehouse user per directory entry, so
-- two spellings of one username cannot become two users, and a reused username is not the old person's account
alter table app_user add column directory_id varchar(300);
alter table app_user add constraint app_user_directory_id_key unique (directory_id);
-- the entry's DN as last read, and when the directory was last asked about the user (sign-in or recheck)
alter table app_user add column directory_dn varchar(1000);
alter table app_user add column directory_checked_at timestamp with time zone;

create index app_user_directory_checked_idx on app_user (source, directory_checked_at);

-- Failed sign-ins under usernames that have no account here, such as directory users before their first sign-in:
-- counted and locked like an account's, so guessing through Gatehouse is throttled (and cannot lock people out of
-- the directory) before anyone is provisioned. Rows are deleted a day after their last failure.
create table username_failure (
    username        varchar(100) primary key,
    failed_logins   integer not null default 0,
    locked_until    timestamp with time zone,
    last_failed_at  timestamp with time zone not null
);
create index username_failure_last_failed_idx on username_failure (last_failed_at);
