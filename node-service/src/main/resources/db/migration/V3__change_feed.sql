-- Replication (issue 4). Every trust-store change made on this node is written to the outbox
-- (trust_change) in the same transaction as the change itself; cluster-sync reads it after
-- its cursor (seq). trust_version is the last change this node knows for each (store,
-- certificate), present or deleted: deleted rows are the tombstones that keep a deleted
-- certificate from coming back. Changes are ordered cluster-wide by (version, origin):
-- version is a hybrid logical clock in microseconds.
create table trust_change (
    seq         bigserial    primary key,
    change_id   uuid         not null unique,
    operation   varchar(8)   not null check (operation in ('IMPORT', 'DELETE')),
    store       varchar(64)  not null,
    sha256      char(64)     not null,
    der         bytea,
    -- the identity unit whose installation made this change (tomcat, ...), null for trust changes
    source_unit varchar(64),
    version     bigint       not null,
    origin      varchar(255) not null,
    created_at  timestamptz  not null
);

create table trust_version (
    store       varchar(64)  not null,
    sha256      char(64)     not null,
    present     boolean      not null,
    change_id   uuid         not null,
    source_unit varchar(64),
    version     bigint       not null,
    origin      varchar(255) not null,
    updated_at  timestamptz  not null,
    primary key (store, sha256)
);

-- Changes from peers this node has applied (or judged superseded): the idempotency keys.
create table applied_change (
    change_id  uuid        primary key,
    outcome    varchar(16) not null,
    applied_at timestamptz not null
);

-- Identifies this outbox: a node whose database was recreated starts a new sequence, and
-- cluster-sync must then read it from the start.
create table replication_epoch (
    epoch varchar(64) primary key
);
insert into replication_epoch (epoch) values (md5(random()::text || clock_timestamp()::text));
