-- IM and Presence's System > Security > Settings, XMPP Certificate Settings (seed 001): one row,
-- absent until an administrator saves the page (then the defaults: box unchecked, field blank).
create table security_settings (
    id                        smallint     primary key check (id = 1),
    use_domain_for_xmpp_san   boolean      not null,
    xmpp_s2s_san_domain       varchar(253),
    updated_at                timestamptz  not null
);
