package io.ucfleet.node.crl;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The saved Automatic CRL updates settings; the only row has id 1. */
@Entity
@Table(name = "crl_settings")
public class CrlSettingsRow extends PanacheEntityBase {
    static final short ONLY = 1;

    @Id
    public short id;
    @Column(name = "automatic_updates")
    public boolean automaticUpdates;
    /** One URL a line, as the page's text area holds them. */
    @Column(name = "distribution_points")
    public String distributionPoints;
    /** HH:MM, UTC. */
    @Column(name = "daily_update_time")
    public String dailyUpdateTime;
    /** The last automatic update run (or, after a save, the save): the next is due at the first update time after it. */
    @Column(name = "last_run_at")
    public Instant lastRunAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
