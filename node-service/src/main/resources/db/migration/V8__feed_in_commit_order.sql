-- The feed's cursor (seq) is assigned as the writing transaction commits, under a lock held
-- to its end, so seq order is commit order: a reader that has seen seq N has seen every change
-- that will ever get a lower one (issue 15; before, seq was taken at insert and a change that
-- committed after a later-numbered one could be passed by cluster-sync's cursor). Rows of a
-- transaction still in flight have no seq and are not in the feed.
alter table trust_change drop constraint trust_change_pkey;
alter table trust_change alter column seq drop default;
alter table trust_change alter column seq drop not null;
alter table trust_change add constraint trust_change_seq_key unique (seq);
alter table trust_change drop constraint trust_change_change_id_key;
alter table trust_change add primary key (change_id);
