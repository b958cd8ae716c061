-- A failed delivery is kept as a condition reason and a sentence cluster-sync wrote, never as
-- exception text; a member's last failure lives in its condition (memory), not here. Rows
-- written before held exception text, so their message is replaced.
alter table member_cursor drop column last_error, drop column last_error_at;
alter table pending_change rename column last_error to last_message;
alter table pending_change add column last_reason varchar(64);
update pending_change set last_reason = 'NodeUnreachable',
    last_message = 'Recorded by an earlier cluster-sync; the next attempt says more.';
alter table pending_change alter column last_reason set not null;
alter table pending_change alter column last_message set not null;
