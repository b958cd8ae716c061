-- What a change did, on its own audit entry (issue 15): the thing changed (a trust store, an
-- identity's unit, a service...), its fingerprints (SHA-256) or values before and after, and for
-- a change replicated from a peer, the node it was made on. Null on the HTTP and CLI entries,
-- which record a request; hashed into the chain only when present, so older entries verify as
-- they were written.
alter table audit_event add column subject varchar(128), add column value_before varchar(128),
    add column value_after varchar(128), add column origin varchar(255);
