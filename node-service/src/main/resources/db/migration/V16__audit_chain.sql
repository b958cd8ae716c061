-- The audit log as a hash chain (issue 15): each entry's hash covers its predecessor's hash and
-- its own fields, so an entry edited or deleted in the table breaks the chain where it was.
-- audit_chain holds the newest entry (a deleted tail shows too) and the anchor the oldest kept
-- entry links to once older ones were pruned. Entries written before this migration have no
-- hash and stay outside the chain. (V15 is the SIP TLS zones'.)
alter table audit_event add column prev_hash varchar(64), add column entry_hash varchar(64);
create table audit_chain (
    id           smallint     primary key check (id = 1),
    head_id      bigint,
    head_hash    varchar(64)  not null,
    anchor_hash  varchar(64)  not null
);
insert into audit_chain (id, head_id, head_hash, anchor_hash)
    values (1, null, repeat('0', 64), repeat('0', 64));
