package io.ucfleet.node.certmonitor;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The saved Certificate Monitor page; the only row has id 1. */
@Entity
@Table(name = "certificate_monitor")
public class MonitorSettingsRow extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    @Column(name = "notification_start_days")
    public int notificationStartDays;
    @Column(name = "frequency_value")
    public int frequencyValue;
    @Column(name = "frequency_unit")
    public String frequencyUnit;
    @Column(name = "email_enabled")
    public boolean emailEnabled;
    @Column(name = "email_ids")
    public String emailIds;
    @Column(name = "lsc_monitoring")
    public boolean lscMonitoring;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
