-- The node's SSH host key (platform CLI): generated at first start and kept, so clients that
-- pinned it keep trusting the node. The private key is AES-256-GCM sealed under the node's
-- key-encryption key, like identity keys; one row.
create table ssh_host_key (
    id          smallint    primary key check (id = 1),
    algorithm   varchar(16) not null,
    -- X.509 SubjectPublicKeyInfo
    public_key  bytea       not null,
    sealed_key  bytea       not null,
    created_at  timestamptz not null
);
