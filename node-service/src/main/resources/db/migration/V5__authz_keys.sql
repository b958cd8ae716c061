-- The cluster's OAuth AUTHZ keys (seed 002): one row per purpose. The publisher generates
-- them; every other node holds the copy the publisher distributed. version grows by one at
-- each regeneration on the publisher, so an older copy never replaces a newer one.
create table authz_key (
    purpose      varchar(16) primary key check (purpose in ('SIGNING', 'ENCRYPTION')),
    key_id       varchar(64) not null,
    version      bigint      not null check (version > 0),
    algorithm    varchar(16) not null,
    -- signing: the RSA public key (X.509 SubjectPublicKeyInfo); null for encryption
    public_key   bytea,
    -- signing: the PKCS#8 private key, on the publisher only; encryption: the AES key.
    -- AES-256-GCM sealed under the node's key-encryption key, like identity keys.
    sealed_key   bytea,
    generated_at timestamptz not null,
    check (purpose <> 'ENCRYPTION' or sealed_key is not null),
    check (purpose <> 'SIGNING' or public_key is not null)
);
