-- Seed 002: "If mixed mode is enabled, you must update the CTL file whenever you upload a new
-- certificate." Uploads of that kind made while the cluster is in mixed mode (a CA-signed
-- identity; an import into CallManager-trust, Phone-SAST-trust or Phone-CTL-trust), one row per
-- unit, until ctl-service reports a CTL newer than the one in effect (update CTLFile).
create table ctl_pending_change (
    unit        varchar(64) primary key,
    reason      text        not null,
    changes     integer     not null,
    first_at    timestamptz not null,
    last_at     timestamptz not null
);
