-- Users from the company directory (LDAP / Active Directory) beside local accounts. A username belongs to one
-- source. Directory users have no password here: the directory checks it at every sign-in.

alter table app_user add column source varchar(20) default 'LOCAL' not null;
alter table app_user add constraint app_user_source_check check (source in ('LOCAL', 'DIRECTORY'));

alter table app_user alter column password_hash drop not null;
alter table app_user add constraint app_user_password_by_source
    check ((source = 'LOCAL' and password_hash is not null) or (source = 'DIRECTORY' and password_hash is null));

-- the entry's DN as last read, and when the directory was last asked about the user (sign-in or recheck)
alter table app_user add column directory_dn varchar(1000);
alter table app_user add column directory_checked_at timestamp with time zone;

create index app_user_directory_checked_idx on app_user (source, directory_checked_at);
