package io.ucfleet.node.certmonitor;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A certificate the monitor has notified about, and when. */
@Entity
@Table(name = "certificate_expiry_alert")
@IdClass(ExpiryAlert.Key.class)
public class ExpiryAlert extends PanacheEntityBase {
    @Id
    public String unit;
    @Id
    public String sha256;
    @Column(name = "common_name")
    public String commonName;
    @Column(name = "not_after")
    public Instant notAfter;
    @Column(name = "first_notified_at")
    public Instant firstNotifiedAt;
    @Column(name = "last_notified_at")
    public Instant lastNotifiedAt;
    public int notifications;

    public static class Key implements Serializable {
        public String unit;
        public String sha256;

        public Key() {
        }

        Key(String unit, String sha256) {
            this.unit = unit;
            this.sha256 = sha256;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.unit.equals(unit) && k.sha256.equals(sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(unit, sha256);
        }
    }
}
