package io.ucfleet.node.crl;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The outcome of the last download from one distribution point: recorded and shown, never thrown. */
@Entity
@Table(name = "crl_fetch")
public class CrlFetchRow extends PanacheEntityBase {
    @Id
    @Column(name = "distribution_point")
    public String distributionPoint;
    @Column(name = "attempted_at")
    public Instant attemptedAt;
    public boolean succeeded;
    public String detail;
    public int crls;
}
