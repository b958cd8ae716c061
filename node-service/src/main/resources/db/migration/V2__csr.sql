-- The pending certificate signing request of each identity unit (at most one: a new CSR
-- replaces it, seed 002) and the private key it was made for, AES-256-GCM sealed under the
-- node's key-encryption key like identity keys. Consumed when the signed certificate is installed.
create table pending_csr (
    unit         varchar(64) primary key,
    csr_der      bytea       not null,
    algorithm    varchar(16) not null,
    sealed_key   bytea       not null,
    distribution varchar(16) not null,
    created_at   timestamptz not null
);
