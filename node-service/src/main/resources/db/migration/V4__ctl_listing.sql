-- What the cluster's current CTL/ITL files list of this node's identities (issue 5), as
-- ctl-service last reported it. The node compares it with its current identities to raise
-- "CTL update required" after a regeneration or a CA-signed install.
create table ctl_listing (
    unit varchar(64) primary key,
    sha256 char(64) not null
);

create table ctl_cluster_state (
    id smallint primary key check (id = 1),
    security_mode varchar(16) not null,
    ctl_version integer,
    updated_at timestamptz not null
);
