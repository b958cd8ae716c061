-- OS Administration > Security > Certificate Monitor: the settings (one row, absent = the
-- defaults) and, per certificate, when the Certificate Expiry Monitor last notified about it.
create table certificate_monitor (
    id                        smallint     primary key check (id = 1),
    notification_start_days   integer      not null,
    frequency_value           integer      not null,
    frequency_unit            varchar(5)   not null check (frequency_unit in ('hours', 'days')),
    email_enabled             boolean      not null,
    email_ids                 text         not null,
    lsc_monitoring            boolean      not null,
    updated_at                timestamptz  not null
);

create table certificate_expiry_alert (
    unit                      varchar(64)  not null,
    sha256                    char(64)     not null,
    common_name               text         not null,
    not_after                 timestamptz  not null,
    first_notified_at         timestamptz  not null,
    last_notified_at          timestamptz  not null,
    notifications             integer      not null,
    primary key (unit, sha256)
);

-- When the monitor last ran: it runs daily, and hourly near expiry.
create table certificate_monitor_run (
    id                        smallint     primary key check (id = 1),
    last_run_at               timestamptz  not null
);
