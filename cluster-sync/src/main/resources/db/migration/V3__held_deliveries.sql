-- A delivery the node refused (or whose credentials it rejected) is held, not retried: asking
-- again changes nothing. It is released when the node is identified again (it or cluster-sync
-- restarted) or reads again after rejecting the credentials.
alter table pending_change add column held boolean not null default false;
create index pending_change_held on pending_change (target_node) where held;
