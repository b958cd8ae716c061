-- One row per certificate per unit: identity certificates (unit = tomcat, CallManager, ...)
-- and trust entries (unit = tomcat-trust, CAPF-trust, ...). A trust store is a set keyed by
-- the SHA-256 of the DER, so an import of the same certificate is a no-op. Fields decoded from
-- uploaded certificates are text: their length is whatever the certificate says.
create table certificate (
    id                 bigserial   primary key,
    unit               varchar(64) not null,
    usage              varchar(16) not null check (usage in ('IDENTITY', 'TRUST')),
    type               varchar(16) not null check (type in ('SELF_SIGNED', 'CA_SIGNED', 'TRUST')),
    description        text        not null,
    der                bytea       not null,
    sha256             char(64)    not null,
    sha1               char(40)    not null,
    common_name        text        not null,
    subject            text        not null,
    issuer             text        not null,
    issuer_common_name text        not null,
    serial_number      text        not null,
    not_before         timestamptz not null,
    not_after          timestamptz not null,
    key_type           text        not null,
    key_size           integer     not null,
    created_at         timestamptz not null,
    constraint certificate_unit_sha256 unique (unit, sha256)
);
create unique index certificate_one_identity_per_unit on certificate (unit) where usage = 'IDENTITY';
-- The list is ordered by unit and common name (common_name is capped at 600 characters when
-- stored, so it always fits a b-tree entry).
create index certificate_unit_common_name on certificate (unit, common_name, id);
create index certificate_common_name on certificate (common_name, id);
create index certificate_not_after on certificate (not_after);
-- Issuer look-ups ("is the issuer of this upload trusted?", "what did this CA issue?");
-- hash indexes, because a distinguished name has no length limit.
create index certificate_subject on certificate using hash (subject);
create index certificate_issuer on certificate using hash (issuer);

-- The private key of each identity, AES-256-GCM sealed under the node's key-encryption key.
create table identity_key (
    unit           varchar(64) primary key,
    certificate_id bigint      not null references certificate (id) on delete cascade,
    algorithm      varchar(16) not null,
    sealed_key     bytea       not null
);

-- The node's simulated services and the restarts certificate changes have made necessary.
create table node_service (
    name             varchar(64) primary key,
    restart_required boolean     not null,
    restart_reasons  text        not null,
    started_at       timestamptz not null
);
