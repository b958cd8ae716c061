-- lab-ca's own database: CA hierarchies, their CAs (keys sealed under the key-encryption key),
-- every certificate they issued with its revocation, and every CRL they signed.
create table hierarchy (
    name varchar(63) primary key,
    created_at timestamptz not null,
    -- nextUpdate = thisUpdate + validity; thisUpdate = issue time - backdate (backdate > validity: an expired CRL)
    crl_validity_seconds bigint not null check (crl_validity_seconds > 0),
    crl_backdate_seconds bigint not null default 0 check (crl_backdate_seconds >= 0)
);

create table authority (
    id bigserial primary key,
    hierarchy varchar(63) not null references hierarchy (name) on delete cascade,
    tier varchar(16) not null check (tier in ('root', 'intermediate')),
    subject text not null,
    key_algorithm varchar(8) not null,
    certificate bytea not null,
    -- AES-256-GCM (12-byte nonce, ciphertext, tag) of the PKCS#8 key; associated data "lab-ca/<hierarchy>/<tier>"
    sealed_key bytea not null,
    unique (hierarchy, tier)
);

create table issued_certificate (
    -- upper-case hex without separators, as openssl prints it without colons
    serial varchar(42) primary key,
    authority_id bigint not null references authority (id) on delete cascade,
    subject text not null,
    profile varchar(32) not null,
    not_before timestamptz not null,
    not_after timestamptz not null,
    sha256 char(64) not null,
    certificate bytea not null,
    issued_at timestamptz not null,
    revoked_at timestamptz,
    revocation_reason varchar(32),
    check ((revoked_at is null) = (revocation_reason is null))
);
create index issued_certificate_authority on issued_certificate (authority_id, issued_at);

create table crl (
    authority_id bigint not null references authority (id) on delete cascade,
    crl_number bigint not null,
    this_update timestamptz not null,
    next_update timestamptz not null,
    -- the lab CA's clock when it was signed (thisUpdate may be backdated)
    signed_at timestamptz not null,
    der bytea not null,
    primary key (authority_id, crl_number)
);
