-- cluster-sync's own state: where it is in each node's change feed, and the changes it
-- could not yet apply to a node. The cursor of a node advances only in the transaction that
-- records every failed delivery of the changes it passes as pending work, so no change is lost.
create table member_cursor (
    node          varchar(255) primary key,
    url           text         not null,
    epoch         varchar(64)  not null,
    cursor        bigint       not null,
    head          bigint       not null,
    last_pull_at  timestamptz,
    last_error    text,
    last_error_at timestamptz,
    updated_at    timestamptz  not null
);

create table pending_change (
    id              bigserial    primary key,
    target_node     varchar(255) not null,
    change_id       uuid         not null,
    change          text         not null,
    attempts        integer      not null,
    last_error      text,
    next_attempt_at timestamptz  not null,
    created_at      timestamptz  not null,
    constraint pending_change_target unique (target_node, change_id)
);
create index pending_change_due on pending_change (next_attempt_at);
