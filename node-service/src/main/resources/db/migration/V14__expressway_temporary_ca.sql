-- Expressway X8.1+ (seed 004, "Loading certificates and keys onto VCS"): new installations ship a
-- temporary CA that issues the default server certificate and is the trusted CA list's default.
-- One row, made at first start (or, on a node that existed before, at its next start); its key
-- is sealed as identity keys are (keys.KeyVault) and never leaves the node.
create table temporary_ca (
    id          smallint     primary key check (id = 1),
    der         bytea        not null,
    sha256      varchar(64)  not null,
    algorithm   varchar(16)  not null,
    sealed_key  bytea        not null,
    created_at  timestamptz  not null
);

-- Seed 004, "Server certificates and Unified Communications": the names a UC deployment needs in
-- the server certificate's SAN, as this node knows them. One row, absent until first saved.
-- Lists are one name a line.
create table uc_names (
    id                       smallint     primary key check (id = 1),
    chat_node_aliases        text         not null,
    phone_security_profiles  text         not null,
    uc_domains               text         not null,
    xmpp_federation          boolean      not null,
    updated_at               timestamptz  not null
);
