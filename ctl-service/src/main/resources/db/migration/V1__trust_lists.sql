-- ctl-service's own database: the cluster security mode and every CTL/ITL file it built.
create table cluster_security (
    id smallint primary key check (id = 1),
    mode varchar(16) not null,
    changed_at timestamptz not null
);

create table trust_list_file (
    id bigserial primary key,
    kind varchar(3) not null check (kind in ('CTL', 'ITL')),
    -- the TFTP node an ITL belongs to (its hostname); '' for the cluster's one CTL
    tftp_node varchar(255) not null,
    version integer not null,
    content bytea not null,
    length integer not null,
    md5 char(32) not null,
    sha1 char(40) not null,
    digest varchar(8) not null,
    security_mode varchar(16) not null,
    reason text not null,
    created_at timestamptz not null,
    unique (kind, tftp_node, version)
);

-- What each file lists, to tell when a node's certificate has changed since.
create table trust_list_entry (
    file_id bigint not null references trust_list_file (id) on delete cascade,
    record_number integer not null,
    node varchar(255) not null,
    unit varchar(64) not null,
    role varchar(16) not null,
    sha256 char(64),
    primary key (file_id, record_number)
);
