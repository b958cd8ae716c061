-- What lab-ca trusts each node's HTTPS by (README, "HTTPS only"): the certificate it
-- presented first (trust on first use), and those a chain of rotations signed with a trusted
-- certificate's key leads to (the node's /.well-known/ucfleet/web-certificate-rotations); the
-- same table as cluster-sync's (platform's MemberPins), where 'announced' also occurs. Keyed by
-- the node's address as its URL names it (host:port).
create table member_certificate (
    peer text not null,
    sha256 text not null,
    subject text not null,
    der bytea not null,
    learned text not null check (learned in ('first-use', 'announced', 'rotated')),
    learned_at timestamptz not null,
    primary key (peer, sha256)
);
