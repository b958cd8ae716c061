-- The audit log (Cisco Unified Serviceability's Audit Log): who changed what, from where, through
-- which interface, and whether it succeeded. Pruned after ucfleet.node.audit.retention.
create table audit_event (
    id              bigserial    primary key,
    at              timestamptz  not null,
    user_id         varchar(128) not null,
    client_address  varchar(64)  not null,
    interface       varchar(16)  not null,
    event_type      varchar(64)  not null,
    resource        varchar(512) not null,
    status          varchar(8)   not null check (status in ('success', 'failure')),
    detail          varchar(1024) not null
);
create index audit_event_at on audit_event (at);
