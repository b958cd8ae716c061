-- Expressway's neighbor and traversal client zones over SIP TLS (seed 004, appendix 1): the peer
-- to connect to, TLS verify mode, and the state of the last check. Node-local, as CRLs are: each
-- Expressway peer connects and checks on its own. "generation" counts changes, so a check that
-- began before a change does not write its state over the changed zone.
create table sip_zone (
    id              bigserial     primary key,
    name            varchar(50)   not null unique,
    type            varchar(20)   not null check (type in ('NEIGHBOR', 'TRAVERSAL_CLIENT')),
    peer_address    varchar(253)  not null,
    port            integer       not null check (port between 1 and 65535),
    tls_verify      boolean       not null,
    generation      bigint        not null,
    state           varchar(10)   not null check (state in ('CHECKING', 'ACTIVE', 'FAILED')),
    reason          varchar(40),
    detail          text,
    peer_certificate text,
    checked_at      timestamptz,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);
