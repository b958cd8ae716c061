-- Expressway's Maintenance > Security > CRL management (seed 004): the loaded CRLs, kept as DER
-- with the facts the page lists; the revoked serials are read from the DER when a certificate
-- is checked (one pass over a 100,000-entry CRL), not stored a row each.
create table crl (
    id                  bigserial    primary key,
    source              varchar(20)  not null check (source in ('AUTOMATIC', 'MANUAL', 'TRUSTED_CA_FILE')),
    distribution_point  varchar(2048),
    issuer              text         not null,
    issuer_common_name  text         not null,
    this_update         timestamptz  not null,
    next_update         timestamptz,
    crl_number          varchar(80),
    entries             integer      not null,
    sha256              char(64)     not null,
    der                 bytea        not null,
    loaded_at           timestamptz  not null
);
create index crl_issuer on crl (issuer);

-- Automatic CRL updates: one row, absent until the page is saved (then disabled, no points, 00:00).
create table crl_settings (
    id                    smallint     primary key check (id = 1),
    automatic_updates     boolean      not null,
    distribution_points   text         not null,
    daily_update_time     char(5)      not null,
    last_run_at           timestamptz,
    updated_at            timestamptz  not null
);

-- The outcome of the last download from each distribution point, shown on the page.
create table crl_fetch (
    distribution_point  varchar(2048) primary key,
    attempted_at        timestamptz   not null,
    succeeded           boolean       not null,
    detail              text          not null,
    crls                integer       not null
);

-- Configuration > SIP, Certificate revocation checking (seed 004): one row, absent until saved
-- (then the defaults: mode Auto, OCSP, CRLs and CDP downloads allowed, treat as not revoked).
create table sip_revocation_settings (
    id                   smallint     primary key check (id = 1),
    checking_enabled     boolean      not null,
    use_ocsp             boolean      not null,
    use_crls             boolean      not null,
    allow_cdp_downloads  boolean      not null,
    fallback_revoked     boolean      not null,
    updated_at           timestamptz  not null
);
