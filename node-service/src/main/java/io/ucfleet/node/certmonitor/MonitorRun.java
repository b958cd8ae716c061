package io.ucfleet.node.certmonitor;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** When the Certificate Expiry Monitor last ran; the only row has id 1. */
@Entity
@Table(name = "certificate_monitor_run")
public class MonitorRun extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    @Column(name = "last_run_at")
    public Instant lastRunAt;
}
