-- Each replacement of the web identity (the certificate the HTTPS port presents), signed with the
-- replaced certificate's key, so a client that pinned an earlier one can follow the chain to the
-- one presented now (README, "HTTPS only"). The newest 32 per unit are kept.
create table web_certificate_rotation (
    id bigserial primary key,
    unit text not null,
    previous_sha256 text not null,
    sha256 text not null,
    der bytea not null,
    signature_algorithm text not null,
    signature bytea not null,
    created_at timestamptz not null
);
create index web_certificate_rotation_unit on web_certificate_rotation (unit, id);
