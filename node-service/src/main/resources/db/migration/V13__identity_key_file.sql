-- Expressway (seed 004): a server private key uploaded without a trailing newline is accepted,
-- but Mobile and Remote Access services fail with it; the condition stays with the key in use.
alter table identity_key add column key_file_without_trailing_newline boolean not null default false;
